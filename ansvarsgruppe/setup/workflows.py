"""The five workflows, created at install when missing and never overwritten afterwards.

Each state sets the document's stable ``status`` (``update_field``); the app's code reads ``status``,
so an administrator may rename states, change roles or add states and transitions in the desk.
"""

import frappe

from ansvarsgruppe.rules import status as st

KE, UL, CO, GP = "Coordinating Unit", "Unit Leader", "Coordinator", "Group Participant"

# doctype: (workflow name, [(state, status, style, role allowed to edit)], [(state, action, next state, roles)]).
# No transition conditions: the controllers enforce the rules and say in Norwegian why a step is refused.
WORKFLOWS = {
	"IP Application": (
		"Søknad om IP/koordinator",
		[
			("Mottatt", st.APPLICATION_RECEIVED, "Primary", KE),
			("Behandlet", st.APPLICATION_DECIDED, "Info", UL),
			("Koordinator oppnevnt", st.APPLICATION_APPOINTED, "Success", KE),
			("Avsluttet", st.APPLICATION_CLOSED, "Inverse", KE),
			("Avslått", st.APPLICATION_REJECTED, "Danger", KE),
		],
		[
			("Mottatt", "Behandle", "Behandlet", (KE,)),
			("Mottatt", "Avslå", "Avslått", (KE,)),
			("Behandlet", "Oppnevn koordinator", "Koordinator oppnevnt", (UL,)),
			("Koordinator oppnevnt", "Avslutt", "Avsluttet", (KE,)),
		],
	),
	"Responsibility Group": (
		"Ansvarsgruppe",
		[
			("Foreslått", st.GROUP_PROPOSED, "Primary", CO),
			("Godkjent", st.GROUP_APPROVED, "Info", CO),
			("Aktiv", st.GROUP_ACTIVE, "Success", CO),
			("Avsluttet", st.GROUP_CLOSED, "Inverse", CO),
		],
		[
			("Foreslått", "Godkjenn", "Godkjent", (CO, UL)),
			("Godkjent", "Aktiver", "Aktiv", (CO,)),
			("Godkjent", "Avslutt", "Avsluttet", (CO,)),
			("Aktiv", "Avslutt", "Avsluttet", (CO,)),
		],
	),
	"Group Member": (
		"Gruppemedlem",
		[
			("Foreslått", st.MEMBER_PROPOSED, "Primary", CO),
			("Godkjent", st.MEMBER_APPROVED, "Info", CO),
			("Aktiv", st.MEMBER_ACTIVE, "Success", CO),
			("Avsluttet", st.MEMBER_ENDED, "Inverse", CO),
		],
		[
			("Foreslått", "Godkjenn", "Godkjent", (CO,)),
			("Godkjent", "Aktiver", "Aktiv", (CO,)),
			("Foreslått", "Avslutt", "Avsluttet", (CO,)),
			("Godkjent", "Avslutt", "Avsluttet", (CO,)),
			("Aktiv", "Avslutt", "Avsluttet", (CO,)),
		],
	),
	"Consent": (
		"Samtykke",
		[
			("Registrert", st.CONSENT_REGISTERED, "Primary", CO),
			("Signert", st.CONSENT_SIGNED, "Info", CO),
			("Gjeldende", st.CONSENT_ACTIVE, "Success", CO),
			("Trukket tilbake", st.CONSENT_WITHDRAWN, "Danger", CO),
			("Utløpt", st.CONSENT_EXPIRED, "Inverse", CO),
		],
		[
			("Registrert", "Registrer signatur", "Signert", (CO, KE)),
			("Signert", "Sett i kraft", "Gjeldende", (CO, KE)),
			("Gjeldende", "Trekk tilbake", "Trukket tilbake", (CO, KE)),
			("Gjeldende", "Marker som utløpt", "Utløpt", (CO, KE)),
		],
	),
	"Meeting Minutes": (
		"Møtereferat",
		[
			("Innkalt", st.MINUTES_INVITED, "Primary", CO),
			("Utkast", st.MINUTES_DRAFT, "Warning", GP),
			("Godkjent", st.MINUTES_APPROVED, "Success", CO),
			("Distribuert", st.MINUTES_DISTRIBUTED, "Inverse", CO),
		],
		[
			("Innkalt", "Skriv referat", "Utkast", (CO, GP)),
			("Utkast", "Godkjenn", "Godkjent", (CO,)),
			("Godkjent", "Distribuer", "Distribuert", (CO,)),
		],
	),
}


def ensure_workflows():
	"""Create each missing workflow (with its states and actions); leave existing ones untouched."""
	for doctype, (name, states, transitions) in WORKFLOWS.items():
		if frappe.db.exists("Workflow", {"document_type": doctype}):
			continue
		for state, _status, style, _role in states:
			_ensure("Workflow State", state, {"workflow_state_name": state, "style": style})
		for _state, action, *_rest in transitions:
			_ensure("Workflow Action Master", action, {"workflow_action_name": action})
		workflow = frappe.new_doc("Workflow")
		workflow.update(
			{
				"workflow_name": name,
				"document_type": doctype,
				"is_active": 1,
				"send_email_alert": 0,
				"workflow_state_field": "workflow_state",
			}
		)
		for state, status, _style, role in states:
			workflow.append(
				"states",
				{
					"state": state,
					"doc_status": "0",
					"update_field": "status",
					"update_value": status,
					"allow_edit": role,
				},
			)
		for state, action, next_state, roles in transitions:
			for role in roles:
				workflow.append(
					"transitions",
					{
						"state": state,
						"action": action,
						"next_state": next_state,
						"allowed": role,
						"allow_self_approval": 1,
					},
				)
		workflow.insert(ignore_permissions=True)


def _ensure(doctype: str, name: str, values: dict):
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)
