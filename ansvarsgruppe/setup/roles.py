"""The app's roles, made at install (``ansvarsgruppe/setup/install.py``): the staff's desk roles and the
family's portal role, as the registry names them (``ansvarsgruppe/permissions/registry.py``)."""

from ansvarsgruppe.permissions.registry import DESK_ROLES, PORTAL_ROLE

__all__ = ["DESK_ROLES", "PORTAL_ROLE"]
