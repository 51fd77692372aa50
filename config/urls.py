"""Root URL configuration: web pages, admin, API and public verdicts."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("config.api_urls")),
    # /i18n/setlang/: the language switcher's POST (Django's set_language).
    path("i18n/", include("django.conf.urls.i18n")),
    path("verdicts/", include("reviews.urls")),
    path("audit/", include("audit.urls")),
    path("", include("desk.urls")),
]

handler400 = "config.error_views.bad_request"
handler403 = "config.error_views.permission_denied"
handler404 = "config.error_views.page_not_found"
handler500 = "config.error_views.server_error"
