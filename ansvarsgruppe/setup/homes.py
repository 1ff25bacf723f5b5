"""Each desk role's home: the workspace a user lands on (``User.default_workspace``), and a sidebar of the
app's workspaces only.

Set when a user is saved with one of the app's roles and has no home of their own choosing; a user
whose home is one of the app's follows their most central role when their roles change. The app's staff
get the module profile ``STAFF_PROFILE``, which blocks every module but the app's, so Frappe's own
workspaces (users, tools, website, integrations, build) stay out of their sidebar; a System Manager, or a
user given another module profile, keeps theirs.
"""

import frappe

from ansvarsgruppe.setup.roles import DESK_ROLES

# The first role a user holds decides; the coordinating unit's overview before the unit's, before a
# coordinator's own groups, before a participant's.
HOMES = (
	("Coordinating Unit", "Koordinerende enhet"),
	("Unit Leader", "Enhetsleder"),
	("Coordinator", "Mine grupper"),
	("Group Participant", "Gruppedeltaker"),
)
APP_HOMES = {workspace for _role, workspace in HOMES}
STAFF_PROFILE = "Ansvarsgruppe"
APP_MODULES = ("Ansvarsgruppe",)


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


def set_staff_modules(user, method=None):
	"""``User.validate``: the app's staff see only the app's workspaces (``STAFF_PROFILE``); a user who
	becomes a System Manager or leaves the app's roles gets all modules back."""
	if user.name in ("Administrator", "Guest"):
		return
	if user.module_profile and user.module_profile != STAFF_PROFILE:
		return
	if is_staff(row.role for row in user.get("roles") or []) and user.user_type == "System User":
		blocked = blocked_modules()
		if not blocked:
			return
		user.module_profile = STAFF_PROFILE
		if sorted(row.module for row in user.block_modules) != blocked:
			user.set("block_modules", [{"module": module} for module in blocked])
	elif user.module_profile == STAFF_PROFILE:
		user.module_profile = None
		user.set("block_modules", [])


def is_staff(roles) -> bool:
	roles = set(roles)
	return "System Manager" not in roles and bool(roles & set(DESK_ROLES))


def blocked_modules() -> list[str]:
	"""Every module but the app's, as the staff profile blocks them (empty before the profile exists)."""
	if not frappe.db.exists("Module Profile", STAFF_PROFILE):
		return []
	return sorted(
		frappe.get_all(
			"Block Module", {"parenttype": "Module Profile", "parent": STAFF_PROFILE}, pluck="module"
		)
	)


def ensure_staff_modules():
	"""After migrate: the staff profile blocks every module but the app's (modules installed since
	included), and every staff user without a profile of their own has it, with its modules."""
	modules = sorted(
		frappe.get_all("Module Def", {"name": ("not in", APP_MODULES)}, pluck="name", order_by="name")
	)
	if frappe.db.exists("Module Profile", STAFF_PROFILE):
		profile = frappe.get_doc("Module Profile", STAFF_PROFILE)
		if sorted(row.module for row in profile.block_modules) != modules:
			profile.set("block_modules", [{"module": module} for module in modules])
			profile.save(ignore_permissions=True)
	else:
		frappe.get_doc(
			{
				"doctype": "Module Profile",
				"module_profile_name": STAFF_PROFILE,
				"block_modules": [{"module": module} for module in modules],
			}
		).insert(ignore_permissions=True)
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	users = dict(
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name, user.module_profile)
		.distinct()
		.where(has_role.role.isin(DESK_ROLES))
		.where(user.user_type == "System User")
		.where(user.name.notin(["Administrator", "Guest"]))
		.where(user.module_profile.isnull() | (user.module_profile.isin(["", STAFF_PROFILE])))
		.run()
	)
	if not users:
		return
	managers = set(
		frappe.get_all(
			"Has Role",
			{"parenttype": "User", "role": "System Manager", "parent": ("in", list(users))},
			pluck="parent",
		)
	)
	current = {}
	for row in frappe.get_all(
		"Block Module", {"parenttype": "User", "parent": ("in", list(users))}, ["parent", "module"]
	):
		current.setdefault(row.parent, []).append(row.module)
	for name, profile in users.items():
		staff = name not in managers
		wanted = modules if staff else []
		if sorted(current.get(name, [])) == wanted and (profile or None) == (
			STAFF_PROFILE if staff else None
		):
			continue
		frappe.db.delete("Block Module", {"parenttype": "User", "parent": name})
		for idx, module in enumerate(wanted, 1):
			frappe.get_doc(
				{
					"doctype": "Block Module",
					"parenttype": "User",
					"parentfield": "block_modules",
					"parent": name,
					"idx": idx,
					"module": module,
				}
			).db_insert()
		frappe.db.set_value(
			"User", name, "module_profile", STAFF_PROFILE if staff else None, update_modified=False
		)
		frappe.clear_cache(user=name)


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
