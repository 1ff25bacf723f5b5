"""Access decisions read the primary database, never a read replica.

With ``read_from_replica`` and ``replica_host`` in a site's config, Frappe runs every ``@frappe.read_only()``
method (lists through ``frappe.desk.reportview``, reports through ``frappe.desk.query_report``, the desk's
counts) on the replica. A replica lags: a consent withdrawn or a membership ended a moment ago on the
primary may not be there yet, and the app's row conditions are SQL run inside the list's own query. So:

- ``keep_request_on_primary`` (called by the gate before anything else) turns the replica off for the
  request of every user whose access the app restricts: ``frappe.local.conf`` is read afresh for each
  request, so the change lasts for that request only. A replica opened before the ``before_request``
  hooks (Frappe's reads during maintenance) is closed and the primary taken back.
- The permission hooks carry one of the two decorators below, for whatever runs outside a web request
  (a job, a console) while a replica is in use: a ``has_permission`` hook reads the primary for its
  decision; a row condition, which would run on the replica, lets no row through.

System Manager and Administrator, whose reading the app does not restrict, keep the replica.
"""

import functools

import frappe


def on_replica() -> bool:
	"""Whether ``frappe.db`` is at this moment a replica connection (``frappe.connect_replica``)."""
	primary = getattr(frappe.local, "primary_db", None)
	return primary is not None and getattr(frappe.local, "db", None) is not primary


def keep_request_on_primary():
	"""The rest of this request reads and writes the primary only."""
	conf = getattr(frappe.local, "conf", None)
	if conf is not None and conf.get("read_from_replica"):
		frappe.local.ansvarsgruppe_replica = conf.read_from_replica
		conf.read_from_replica = False
	if on_replica():
		frappe.local.db.close()
		frappe.local.db = frappe.local.primary_db


def allow_replica():
	"""For an unrestricted user: the site's replica setting back, for the rest of the request."""
	setting = getattr(frappe.local, "ansvarsgruppe_replica", None)
	if setting:
		frappe.local.conf.read_from_replica = setting


def decides_on_primary(hook):
	"""A ``has_permission`` hook that reads the primary even while a replica serves the caller."""

	@functools.wraps(hook)
	def decide(*args, **kwargs):
		if not on_replica():
			return hook(*args, **kwargs)
		replica = frappe.local.db
		frappe.local.db = frappe.local.primary_db
		try:
			return hook(*args, **kwargs)
		finally:
			frappe.local.db = replica

	return decide


def refuses_on_replica(hook):
	"""A ``permission_query_conditions`` hook whose condition, were it to run on a replica, lets no row
	through (the condition is SQL inside the replica's own query: it cannot read the primary)."""

	@functools.wraps(hook)
	def condition(*args, **kwargs):
		if not on_replica():
			return hook(*args, **kwargs)
		replica = frappe.local.db
		frappe.local.db = frappe.local.primary_db
		try:
			result = hook(*args, **kwargs)
		finally:
			frappe.local.db = replica
		return "1=0" if result else result

	return condition
