"""Each desk role's home: the workspace a user lands on (``User.default_workspace``).

Set when a user is saved with one of the app's roles and has no home of their own choosing; a user
whose home is one of the app's follows their most central role when their roles change.
"""

import frappe

# The first role a user holds decides; the coordinating unit's overview before the unit's, before a
# coordinator's own groups, before a participant's.
HOMES = (
	("Coordinating Unit", "Koordinerende enhet"),
	("Unit Leader", "Enhetsleder"),
	("Coordinator", "Mine grupper"),
	("Group Participant", "Gruppedeltaker"),
)
APP_HOMES = {workspace for _role, workspace in HOMES}


def home_for(roles) -> str | None:
	roles = set(roles)
	return next((workspace for role, workspace in HOMES if role in roles), None)


def set_home_workspace(user, method=None):
	"""``User.validate``: the user's home follows their app role unless they chose another one."""
	if user.user_type != "System User" and user.name not in ("Administrator",):
		return
	if user.default_workspace and user.default_workspace not in APP_HOMES:
		return
	home = home_for(row.role for row in user.get("roles") or [])
	if home and home != user.default_workspace and frappe.db.exists("Workspace", home):
		user.default_workspace = home


def ensure_homes():
	"""After migrate: users of the app's roles without a home get theirs (e.g. on an existing site)."""
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	for role, workspace in reversed(HOMES):
		if not frappe.db.exists("Workspace", workspace):
			continue
		names = (
			frappe.qb.from_(user)
			.join(has_role)
			.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
			.select(user.name)
			.where(has_role.role == role)
			.where(user.user_type == "System User")
			.where(user.default_workspace.isnull() | (user.default_workspace == ""))
			.run(pluck=True)
		)
		for name in names:
			roles = frappe.get_roles(name)
			if home_for(roles) == workspace:
				frappe.db.set_value("User", name, "default_workspace", workspace, update_modified=False)
