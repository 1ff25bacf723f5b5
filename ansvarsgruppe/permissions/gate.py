"""The gate: a request takes a road the registry opens to the user, or it answers 403 before Frappe runs it.

Hooked as ``before_request``. For a user without System Manager (guests included) every request is read
as one road: a whitelisted method (``/api/method/<m>``, or ``cmd``), a document method
(``run_doc_method``, ``/api/resource/<DocType>/<name>`` with ``run_method``), a REST resource by verb, or a
website route. The road must be in ``registry.py``, open to one of the user's audiences or roles; its
arguments must pass the road's guard and, on every road, the identifier check (``guards.py``).

A site can log every road its users take (``"ansvarsgruppe_road_log": "<file>"`` in site_config.json) and
let everything through while it does (``"ansvarsgruppe_gate": "record"``): how the registry is kept in step
with what the desk and the portal really call.
"""

import json
from dataclasses import dataclass
from urllib.parse import unquote

import frappe
from frappe import _
from frappe.api import API_URL_MAP, v1
from werkzeug.exceptions import HTTPException

from ansvarsgruppe.permissions import guards, primary, registry


@dataclass(frozen=True)
class Request:
	"""One request, read as a road: ``kind`` (method, doc_method, resource, page, closed), ``name`` (the
	method, ``DocType.method``, ``DocType VERB`` or the route), and the DocType it names, if any."""

	kind: str
	name: str
	doctype: str | None = None
	road: registry.Road | None = None


def read_request(request, form) -> Request:
	path = request.path or "/"
	if form.get("cmd"):
		return _method(str(form.get("cmd")), form)
	if path.startswith("/api/"):
		if path.startswith("/api/v2/"):
			return Request("closed", path)
		try:
			endpoint, arguments = API_URL_MAP.bind_to_environ(request.environ).match()
		except HTTPException:
			return Request("closed", path)
		if endpoint is v1.handle_rpc_call:
			return _method(arguments["method"].split("/")[0], form)
		doctype = unquote(arguments.get("doctype") or "")
		if endpoint is v1.execute_doc_method or (endpoint is v1.read_doc and "run_method" in form):
			method = arguments.get("method") or form.get("run_method")
			return Request(
				"doc_method",
				f"{doctype}.{method}",
				doctype,
				registry.road_of_doc_method(doctype, method) if isinstance(method, str) else None,
			)
		verb = request.method.upper()
		return Request("resource", f"{doctype} {verb}", doctype, registry.road_of_resource(doctype, verb))
	route = unquote(path).strip("/").split("/")[0]
	if path.startswith("/private/files/"):
		route = "private"
	return Request("page", route, form.get("doctype"), registry.road_of_page(route))


def _method(method: str, form) -> Request:
	return Request("method", method, form.get("doctype"), registry.road_of_method(method))


def audiences() -> frozenset[str]:
	return registry.audiences_of(frappe.get_roles(), frappe.session.user)


def guard_request():
	primary.keep_request_on_primary()
	request = getattr(frappe.local, "request", None)
	if not request or request.method == "OPTIONS":
		return
	_authenticate_token()
	user = frappe.session.user
	roles = frappe.get_roles(user)
	if registry.is_unrestricted(roles, user):
		primary.allow_replica()
		return
	form = frappe.form_dict
	road = read_request(request, form)
	frappe.local.ansvarsgruppe_audiences = registry.audiences_of(roles, user)
	try:
		check(road, form, frappe.local.ansvarsgruppe_audiences, roles)
	except frappe.PermissionError as refusal:
		_log(road, "refused", roles, form, str(refusal))
		if frappe.local.conf.get("ansvarsgruppe_gate") != "record":
			raise
	else:
		_log(road, "open", roles)


def check(road: Request, form, user_audiences, roles):
	"""Raise ``frappe.PermissionError`` unless the road is open to the user and its arguments pass."""
	if not registry.open_to(road.road, user_audiences, roles):
		guards.refuse(_("You are not permitted to do this."))
	guards.check_refused_arguments(form, allowed=("method",) if road.name == "run_doc_method" else ())
	guard = guards.get_guard(road.road.guard)
	doctype = road.doctype if road.kind in ("resource", "doc_method") else None
	if guard is not None:
		guard(form, doctype)
	guards.check_identifiers(doctype or form.get("doctype"), form, handled=_handled(road.road.guard))


def _handled(guard_name: str | None) -> tuple[str, ...]:
	"""The arguments a road's guard reads in its own way (the identifier check leaves them to it)."""
	if guard_name in ("number_card", "dashboard_chart", "calendar", "events"):
		return tuple(guards.IDENTIFIERS)
	if guard_name == "report":
		return ("filters",)
	return ()


def _authenticate_token():
	"""A request with a token (API key, OAuth) is authenticated after the ``before_request`` hooks; the gate
	needs its user now."""
	if frappe.session.user == "Guest" and frappe.get_request_header("Authorization"):
		from frappe.auth import validate_auth

		validate_auth()


def _log(road: Request, verdict: str, roles, form=None, why: str = ""):
	path = frappe.local.conf.get("ansvarsgruppe_road_log")
	if not path:
		return
	entry = {
		"audiences": sorted(frappe.local.ansvarsgruppe_audiences),
		"roles": sorted(set(roles) & {*registry.DESK_ROLES, registry.PORTAL_ROLE}),
		"kind": road.kind,
		"name": road.name,
		"verdict": verdict,
	}
	if verdict == "refused":
		entry["why"] = why
		entry["arguments"] = {key: str(value)[:3000] for key, value in (form or {}).items() if key != "cmd"}
	with open(path, "a") as log:
		log.write(json.dumps(entry) + "\n")
