"""URLs of the audit app's public page: the signed checkpoints of the trail's head.

The staff pages of the trail are the desk's (``desk:audit_*``, under /audit/ too).
"""

from django.urls import path

from audit.checkpoints.views import checkpoint_list

app_name = "audit"
urlpatterns = [
    path("checkpoints.json", checkpoint_list, name="checkpoint_list"),
]
