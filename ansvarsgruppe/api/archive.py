"""The archive's endpoints: archive a group or a plan without a group (R19), download a package, reopen a closed group (R16), and
correct a final record by a new version that supersedes it (R4, R11, R18)."""

import frappe
from frappe import _
from frappe.utils import now_datetime

from ansvarsgruppe.archive import log, package
from ansvarsgruppe.audit.access_log import log_export
from ansvarsgruppe.controllers.rules_bridge import get_settings
from ansvarsgruppe.controllers.workflow_status import set_status
from ansvarsgruppe.permissions.records import LOCAL_ADMINISTRATOR, has_unrestricted_access
from ansvarsgruppe.rules import consent as consent_rules
from ansvarsgruppe.rules import final
from ansvarsgruppe.rules import status as st


def _is_local_administrator(user: str) -> bool:
	return LOCAL_ADMINISTRATOR in frappe.get_roles(user) or has_unrestricted_access(user)


def _group(group: str):
	if not group or not frappe.db.exists("Responsibility Group", group):
		frappe.throw(_("Responsibility Group {0} not found").format(group), frappe.DoesNotExistError)
	return frappe.db.get_value("Responsibility Group", group, ["name", "coordinator", "status"], as_dict=True)


@frappe.whitelist(methods=["POST"])
def archive_group(group: str) -> dict:
	"""R19: "Arkiver": the group's coordinator or the Local Administrator makes a package (in the
	background; it appears under the group's archive packages)."""
	row = _group(group)
	user = frappe.session.user
	if row.coordinator != user and not _is_local_administrator(user):
		frappe.throw(
			_("Only the group's coordinator or the Local Administrator archives a group."),
			frappe.PermissionError,
		)
	package.enqueue_package(row.name, package.MANUAL)
	return {"queued": True, "message": _("The archive package is being made; it appears shortly.")}


@frappe.whitelist(methods=["POST"])
def archive_plan(plan: str) -> dict:
	"""R19: "Arkiver" on an individual plan without a group: its coordinator (appointed through the plan's
	application) or the Local Administrator makes the person's package in the background."""
	if not plan or not frappe.db.exists(package.PLAN_DOCTYPE, plan):
		frappe.throw(_("Individual Plan {0} not found").format(plan), frappe.DoesNotExistError)
	row = frappe.db.get_value(
		package.PLAN_DOCTYPE, plan, ["name", "group", "coordinator", "ip_application"], as_dict=True
	)
	if row.group:
		frappe.throw(
			_("A plan in a responsibility group is archived with its group."), frappe.ValidationError
		)
	user = frappe.session.user
	appointed = row.ip_application and frappe.db.get_value(
		"IP Application", row.ip_application, "appointed_coordinator"
	)
	if not (row.coordinator == user == appointed) and not _is_local_administrator(user):
		frappe.throw(
			_("Only the plan's coordinator or the Local Administrator archives a plan."),
			frappe.PermissionError,
		)
	package.enqueue_plan_package(row.name, package.MANUAL)
	return {"queued": True, "message": _("The archive package is being made; it appears shortly.")}


@frappe.whitelist()
def download_package(name: str):
	"""An archive package's ZIP file, for whoever may read the Archive Package (coordinator of the group,
	Local Administrator, Archive staff). Archive staff read no live record, so the file is served here and
	not through the group it is attached to. Each download is logged where Innsyn reads it."""
	if not name or not frappe.db.exists(package.PACKAGE_DOCTYPE, name):
		frappe.throw(_("Archive Package {0} not found").format(name), frappe.DoesNotExistError)
	doc = frappe.get_doc(package.PACKAGE_DOCTYPE, name)
	doc.check_permission("read")
	file_name = frappe.db.get_value("File", {"file_url": doc.package_file}, "name")
	if not file_name:
		frappe.throw(_("The package file is missing."), frappe.DoesNotExistError)
	file = frappe.get_doc("File", file_name)
	log_export(package.PACKAGE_DOCTYPE, doc.name, package.DOWNLOAD_METHOD, file_type="ZIP")
	frappe.local.flags.commit = True  # a GET request commits only when asked
	frappe.local.response.filename = file.file_name
	frappe.local.response.filecontent = file.get_content()
	frappe.local.response.type = "download"


@frappe.whitelist(methods=["POST"])
def reopen_group(group: str, reason: str) -> dict:
	"""R16: only the Local Administrator reopens a closed group, with a reason; the reopening is logged and
	the coordinator and KE are told."""
	row = _group(group)
	user = frappe.session.user
	if LOCAL_ADMINISTRATOR not in frappe.get_roles(user):
		frappe.throw(_("Only the Local Administrator reopens a closed group."), frappe.PermissionError)
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(_("Give the reason for reopening the group."), frappe.ValidationError)
	if row.status != st.GROUP_CLOSED:
		frappe.throw(_("Only a closed group can be reopened."), frappe.ValidationError)
	doc = frappe.get_doc("Responsibility Group", row.name)
	set_status(doc, st.GROUP_ACTIVE)
	frappe.db.set_value("Responsibility Group", row.name, "closed_date", None, update_modified=False)
	entry = log.write(
		"Group Reopening",
		{"group": row.name, "reopened_on": now_datetime(), "reopened_by": user, "reason": reason},
	)
	_tell_reopened(row.name, row.coordinator)
	return {"reopening": entry.name, "status": st.GROUP_ACTIVE}


def _tell_reopened(group: str, coordinator: str | None):
	recipients = [r for r in (coordinator, get_settings().coordinating_unit_email) if r]
	if not recipients:
		return
	link = frappe.utils.get_url_to_form("Responsibility Group", group)
	frappe.sendmail(
		recipients=recipients,
		subject=_("Responsibility group {0} has been reopened").format(group),
		message=_(
			"The Local Administrator has reopened responsibility group {0}. The reason is logged: {1}"
		).format(group, link),
		reference_doctype="Responsibility Group",
		reference_name=group,
		now=False,
	)


# Corrections --------------------------------------------------------------------------------------------

CORRECTABLE = {
	# doctype: (its final record, the new version's first status, the statuses of a current version)
	"Meeting Minutes": (final.MINUTES, st.MINUTES_DRAFT, st.MINUTES_FINAL),
	"Individual Plan": (final.PLAN, final.PLAN_UNDER_REVISION, (final.PLAN_APPROVED,)),
	"Consent": (final.CONSENT, st.CONSENT_REGISTERED, consent_rules.CORRECTABLE),
}
NOT_COPIED = ("approved_by", "approved_on", "workflow_state", "status", "amended_from")
# a consent's new version is signed anew: nothing of the old signature or withdrawal is copied
CONSENT_NOT_COPIED = (
	"signed_date",
	"signed_by_kind",
	"signed_by_relation",
	"signed_by_name",
	"reviewed_with_signer",
	"reviewed_by",
	"received_by",
	"received_by_unit",
	"signed_copy",
	"withdrawn_on",
	"withdrawal_reason",
)


def _group_of(doctype: str, old) -> str | None:
	"""The group the record belongs to; for a consent, the open group resting on it (else a closed one)."""
	if doctype != "Consent":
		return old.group
	groups = frappe.get_all(
		"Responsibility Group", filters={"consent": old.name}, fields=["name", "status"], order_by="creation"
	)
	open_groups = [g.name for g in groups if g.status != st.GROUP_CLOSED]
	return (open_groups or [g.name for g in groups] or [None])[0]


@frappe.whitelist(methods=["POST"])
def correct(doctype: str, name: str, reason: str) -> dict:
	"""R4, R11, R18: a final record (approved or distributed minutes, an approved plan, a signed consent) is
	corrected by a new version, a draft copy that supersedes it; the old version stays as it was, readable
	as before, and both go into the archive. Whoever may change the record (its group's coordinator)
	corrects it, with a reason. A consent's new version is signed anew and supersedes the old one once it
	is put in force."""
	if doctype not in CORRECTABLE:
		frappe.throw(
			_("Only minutes, individual plans and consents are corrected this way."), frappe.ValidationError
		)
	_record, draft_status, current_statuses = CORRECTABLE[doctype]
	if not name or not frappe.db.exists(doctype, name):
		frappe.throw(_("{0} {1} not found").format(_(doctype), name), frappe.DoesNotExistError)
	old = frappe.get_doc(doctype, name)
	old.check_permission("write")
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(_("Give the reason for the correction."), frappe.ValidationError)
	if old.status not in current_statuses or frappe.db.exists("Record Correction", {"superseded": name}):
		frappe.throw(_("Only a current approved version can be corrected."), frappe.ValidationError)
	group = _group_of(doctype, old)
	if not group:
		frappe.throw(
			_("Only a consent a responsibility group rests on is corrected this way."), frappe.ValidationError
		)
	if frappe.db.get_value("Responsibility Group", group, "status") == st.GROUP_CLOSED:
		frappe.throw(_("A closed group cannot be changed."), frappe.ValidationError)
	new = frappe.copy_doc(old)
	for fieldname in NOT_COPIED:
		if new.meta.has_field(fieldname):
			new.set(fieldname, None)
	if doctype == "Individual Plan":
		# the old version is no longer in force: it stays readable and final as a closed version
		set_status(old, final.PLAN_CLOSED)
		new.flags.ignore_permissions = True
		new.insert()
		set_status(new, draft_status)  # a new version starts under revision, not as a first draft
	elif doctype == "Consent":
		for fieldname in CONSENT_NOT_COPIED:
			new.set(fieldname, None)
		kept = consent_rules.new_version_partners([row.as_dict() for row in old.partners])
		new.set("partners", [{"service_unit": row.service_unit} for row in kept])
		new.flags.supersedes = old.name
		new.flags.ignore_permissions = True
		new.insert()
	else:
		new.flags.ignore_permissions = True
		new.insert()
		new.status = draft_status
		new.save()
	entry = log.write(
		"Record Correction",
		{
			"reference_doctype": doctype,
			"superseded": old.name,
			"new_version": new.name,
			"group": group,
			"corrected_by": frappe.session.user,
			"corrected_on": now_datetime(),
			"reason": reason,
		},
	)
	return {"new_version": new.name, "correction": entry.name}
