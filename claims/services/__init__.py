"""Writes of claims, evidence and reports, one concern per module; import from it.

``guards`` (lock, state and input checks), ``workflow`` (the transition engine and
the claims app's transitions), ``claims`` (edits and assignment), ``bulk`` (one
action over many claims), ``evidence``, ``imports`` (reports), ``duplicates``
(near-duplicate flagging) and ``tallies`` (the dashboard's stored counts).
"""
