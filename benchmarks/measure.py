"""The measurements behind ``benchmarks/run``. Run with the bench's Python from its sites folder:

	cd $BENCH/sites && ../env/bin/python $APP/benchmarks/measure.py --site SITE --out RESULTS.json STEP [ARGS]

Steps (each appends its figures to RESULTS.json; ``report`` prints the table):
	alerts SIZE [reset]  P2: the daily alert jobs (each of the app's daily scheduler events, and Frappe's
	                 trigger_daily_alerts, which sends the app's date-based alerts), run twice the same day:
	                 SQL queries and wall time at the site's current size, per mail against Frappe's own cost
	                 of one alert (Notification.send about a ToDo); ``reset`` empties the ledger first
	groups           prints the site's number of groups
	list             P1: Responsibility Group list for Group Participants of three shapes (the busiest, one
	                 in about 4 % of the groups, one in two) vs Administrator, with EXPLAIN for each
	coordinator_list P1c: the same for a Coordinator of 40 groups and the demo's busiest coordinator
	overview         P7: KE's overview report (every group) vs Frappe's report view of the same rows
	gate             the gate's cost per request (permissions/gate.py) against the list request it lets through
	family PASSWORD  a portal family (parent with a password), as the browser tests make it
	portal PORT_BASE P3: /mine-ansvarsgrupper vs /me, 20 concurrent clients against gunicorn on 127.0.0.1,
	                 the two pages' blocks of requests in turn from one server (and each page alone for its
	                 worker's peak RSS)
	pdf PORT         P4: the minutes PDF vs a ToDo PDF of the same text (a server must serve host_name)
	desk PORT        P8: a coordinator's first workspace drawn in Chromium with the app's home workspaces
	                 on vs off (a blank workspace), and the group form vs a ToDo form (Playwright)
	report           the table

Each step prints its figures as soon as they are measured. Every figure is a ratio against Frappe's own equivalent measured in the same run, except P2's query counts,
which are compared with the same job at the smallest size (a job with nothing new to send must cost the
same at any size). Nothing here is part of the normal test run.
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path

import frappe

SITE = None
OUT = None
CLIENTS = 20
REQUESTS = 400  # per page, after a warm-up of CLIENTS requests
LIST_RUNS = 60
PDF_RUNS = 5
TWO_GROUPS_USER = "benchmark.participant@demo.ansvarsgruppe.invalid"
LIST_FIELDS = ["name", "status", "service_user_name", "coordinator_name", "next_meeting_date"]


def connect():
	frappe.init(site=SITE, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")


def save(key, value):
	data = json.loads(Path(OUT).read_text()) if Path(OUT).exists() else {}
	data[key] = value
	Path(OUT).write_text(json.dumps(data, indent=1, default=str))


def load():
	return json.loads(Path(OUT).read_text()) if Path(OUT).exists() else {}


# --- P2: daily alert jobs -----------------------------------------------------------------------------


@contextmanager
def counted_sql():
	"""Count every statement sent through frappe.db.sql (the query builder's .run() goes through it)."""
	count = [0]
	original = frappe.db.sql

	def sql(*args, **kwargs):
		count[0] += 1
		return original(*args, **kwargs)

	frappe.db.sql = sql
	try:
		yield count
	finally:
		del frappe.db.sql  # back to the class's method


FRAPPE_JOB = "frappe.email.doctype.notification.notification.trigger_daily_alerts"


def jobs() -> dict[str, str]:
	"""The daily jobs measured: each of the app's daily ``scheduler_events`` (its own alert jobs), and Frappe's
	``trigger_daily_alerts``, which sends every "Days Before"/"Days After" Notification, the app's date-based
	alerts among them (their documents are picked by ``ansvarsgruppe.alerts.date_alerts.documents_due``)."""
	app = frappe.get_hooks("scheduler_events", app_name="ansvarsgruppe").get("daily", [])
	return {**{path.rsplit(".", 1)[1]: path for path in app}, "trigger_daily_alerts": FRAPPE_JOB}


def warm_imports():
	"""Import what the jobs import before timing them: a scheduler worker has its modules loaded (from
	bytecode); here every process compiles them again (PYTHONDONTWRITEBYTECODE), which is not the jobs' cost.
	Nothing is cached: the first e-mail of a run still parses the e-mail CSS, as in a fresh worker."""
	import frappe.core.doctype.communication.email  # noqa: F401
	import frappe.email.doctype.email_queue.email_queue  # noqa: F401
	import frappe.email.email_body  # noqa: F401
	import premailer  # noqa: F401

	for path in jobs().values():
		frappe.get_attr(path)


def run_job(path):
	sent_before, mails_before = frappe.db.count("Sent Alert"), frappe.db.count("Email Queue")
	with counted_sql() as count:
		start = time.perf_counter()
		frappe.get_attr(path)()
		elapsed = time.perf_counter() - start
	frappe.db.commit()
	return {
		"queries": count[0],
		"seconds": elapsed,
		"sent": frappe.db.count("Sent Alert") - sent_before,
		"mails": frappe.db.count("Email Queue") - mails_before,
	}


def step_alerts(size, reset=None):
	"""``reset``: on a kept site, empty the ledger first, so the first run sends again what an earlier run
	sent (the same mails, measured again)."""
	from ansvarsgruppe.tests.factories import ensure_outgoing_email_account

	ensure_outgoing_email_account()  # alerts land in the Email Queue; nothing flushes it
	if reset == "reset":
		frappe.db.delete("Sent Alert")
	frappe.db.commit()
	warm_imports()
	groups = frappe.db.count("Responsibility Group")
	result = {"groups": groups}
	# Frappe's own send is measured before and after each job's first run, and the job compared with the mean
	# of the two: a machine whose load changes during the run changes both sides alike.
	send = frappe_send_cost()
	for label, path in jobs().items():
		# First run: sends what is due at this size; second run: the same day again (the steady state,
		# nothing new to send), which is what a fixed-cost job must keep constant.
		first = run_job(path)
		after = frappe_send_cost()
		result[label] = {
			"first": first,
			"again": run_job(path),
			"frappe_send": (send["median"] + after["median"]) / 2,
		}
		# A mail of the job to several people (a group's members) against Frappe's send of a mail to as many:
		# each recipient is an Email Queue Recipient and a system notification in Frappe's own send too.
		recipients = round(first["sent"] / first["mails"]) if first["mails"] else 1
		if recipients > 1:
			result[label]["recipients"] = recipients
			result[label]["frappe_send_matched"] = frappe_send_cost(recipients=recipients)["median"]
		send = after
	result["frappe_send"] = send
	print(json.dumps(result, indent=1))
	data = load().get("alerts", {})
	data[str(size)] = result
	save("alerts", data)
	print_table("alerts")


def frappe_send_cost(runs=10, recipients=1) -> dict:
	"""Frappe's own cost of one alert, for comparison: ``Notification.send`` of a Notification about a ToDo
	(no app code), e-mail and system notification like the app's alerts, to ``recipients`` users (the
	ToDo's and others in copy), the text of an app alert's template without its placeholders. Each send
	writes a Communication and an Email Queue entry."""
	template = frappe.db.get_value("Notification", "Meeting Reminder", "message") or ""
	if not template:
		template = frappe.get_doc("Notification", "Meeting Reminder").get_template() or "<p>Varsel</p>"
	message = re.sub(r"{[{%#].*?[}%#]}", "", template, flags=re.S)
	users = frappe.get_all(
		"User",
		filters={"name": ("like", "%@%"), "enabled": 1, "user_type": "System User"},
		pluck="name",
		order_by="name",
		limit=recipients,
	)
	user = users[0]
	todo = frappe.get_doc({"doctype": "ToDo", "description": "Benchmark", "allocated_to": user}).insert(
		ignore_permissions=True
	)
	notification = frappe.get_doc(
		{
			"doctype": "Notification",
			"name": f"Benchmark ToDo alert to {recipients}",
			"subject": "Påminnelse om {{ doc.name }}",
			"document_type": "ToDo",
			"event": "Days Before",
			"channel": "Email",
			"send_system_notification": 1,
			"message_type": "HTML",
			"message": message,
			"recipients": [{"receiver_by_document_field": "allocated_to"}]
			+ ([{"cc": ", ".join(users[1:])}] if users[1:] else []),
		}
	)
	times = []
	for _ in range(runs + 1):  # the first is a warm-up
		start = time.perf_counter()
		notification.send(todo)
		frappe.db.commit()
		times.append(time.perf_counter() - start)
	return {"median": statistics.median(times[1:]), "runs": runs}


# --- P1: list API -----------------------------------------------------------------------------------


def participants():
	"""(user, memberships) of the Group Participants with approved or active memberships, busiest first."""
	from ansvarsgruppe.rules import status as st

	return frappe.db.sql(
		"""select m.user, count(*) from `tabGroup Member` m
		join `tabHas Role` r on r.parent = m.user and r.parenttype = 'User' and r.role = 'Group Participant'
		where m.status in %s and m.user != %s group by m.user order by count(*) desc, m.user""",
		[[st.MEMBER_APPROVED, st.MEMBER_ACTIVE], TWO_GROUPS_USER],
	)


def busiest_participant():
	return participants()[0]


def participant_in_two_groups(busiest: str) -> str:
	"""A Group Participant in two groups, as most staff are (the demo's are in hundreds): two of the busiest
	participant's active memberships, copied for a new user. Only for measuring."""
	from ansvarsgruppe.rules import status as st

	user = TWO_GROUPS_USER
	if not frappe.db.exists("User", user):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": user,
				"first_name": "Benchmark",
				"send_welcome_email": 0,
				"roles": [{"role": "Group Participant"}],
			}
		).insert(ignore_permissions=True)
		rows = frappe.get_all(
			"Group Member",
			filters={"user": busiest, "status": st.MEMBER_ACTIVE},
			fields=["*"],
			order_by="modified desc",
			limit=2,
		)
		for row in rows:
			row.update(name=frappe.generate_hash(length=10), user=user, email=user)
			frappe.db.bulk_insert("Group Member", list(row), [tuple(row.values())])
		frappe.db.commit()
	return user


BENCH_SYSTEM_MANAGER = "benchmark.system.manager@demo.ansvarsgruppe.invalid"


def system_manager() -> str:
	"""A System Manager who is not Administrator: no row rule applies (the app's criteria let them read
	everything), so their list query is Administrator's and the difference is Frappe's own cost of a user's
	role permissions, user permissions and caches. Only for measuring."""
	if not frappe.db.exists("User", BENCH_SYSTEM_MANAGER):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": BENCH_SYSTEM_MANAGER,
				"first_name": "Benchmark",
				"last_name": "Systemansvarlig",
				"send_welcome_email": 0,
				"roles": [{"role": "System Manager"}],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	return BENCH_SYSTEM_MANAGER


def list_call(user):
	from frappe.client import get_list

	frappe.set_user(user)
	try:
		return get_list("Responsibility Group", fields=LIST_FIELDS, limit_page_length=20)
	finally:
		frappe.set_user("Administrator")


def timed(fn, *args):
	start = time.perf_counter()
	fn(*args)
	return time.perf_counter() - start


def median_ratio(user, runs=LIST_RUNS):
	"""Median list call for ``user`` and for Administrator, interleaved so drift hits both alike."""
	for _ in range(5):  # warm the caches (meta, roles) for both
		list_call(user), list_call("Administrator")
	admin, participant = [], []
	for _ in range(runs):
		admin.append(timed(list_call, "Administrator"))
		participant.append(timed(list_call, user))
	return statistics.median(participant), statistics.median(admin)


def list_sql(user, doctype="Responsibility Group"):
	frappe.set_user(user)
	try:
		return frappe.get_list(doctype, fields=LIST_FIELDS, limit_page_length=20, run=0)
	finally:
		frappe.set_user("Administrator")


def list_shape(label, user, memberships, runs):
	"""One shape of P1: the median first page for ``user`` against Administrator's, the query and its
	EXPLAIN (printed at once)."""
	participant_median, admin_median = median_ratio(user, runs=runs)
	sql = list_sql(user)
	explain = [dict(r) for r in frappe.db.sql("EXPLAIN " + sql, as_dict=True)]
	server, admin_server = server_cost(sql), server_cost(list_sql("Administrator"))
	figures = {
		"label": label,
		"user": user,
		"memberships": memberships,
		"rows": len(list_call(user)),
		"participant_median": participant_median,
		"admin_median": admin_median,
		"ratio": participant_median / admin_median,
		"sql": sql,
		"explain": explain,
		"server": server,
		"admin_server": admin_server,
	}
	print(f"\n{label}: {user} ({memberships} memberships), query:\n{sql}\nEXPLAIN:")
	print_explain(explain)
	print(
		f"In the database (ANALYZE, median of {SERVER_RUNS}): {server['ms']:.3f} ms, {server['pages']} pages;"
		f" Administrator's {admin_server['ms']:.3f} ms, {admin_server['pages']} pages"
	)
	return figures


SERVER_RUNS = 15


def _pages(plan) -> int:
	if isinstance(plan, dict):
		own = plan.get("r_engine_stats", {}).get("pages_accessed", 0)
		return own + sum(_pages(v) for v in plan.values())
	return sum(_pages(v) for v in plan) if isinstance(plan, list) else 0


def server_cost(sql) -> dict:
	"""The query's cost inside MariaDB (``ANALYZE FORMAT=JSON``: optimising and running it, median of
	SERVER_RUNS; the InnoDB pages it reads). Less moved by a loaded machine than the list call's wall time,
	which is what the ratio compares."""
	times, pages = [], 0
	for _ in range(SERVER_RUNS):
		plan = json.loads(frappe.db.sql("ANALYZE FORMAT=JSON " + sql)[0][0])
		block = plan["query_block"]
		times.append(plan.get("query_optimization", {}).get("r_total_time_ms", 0) + block["r_total_time_ms"])
		pages = _pages(plan)
	return {"ms": statistics.median(times), "pages": pages}


def middle_participant(people, groups: int):
	"""The demo's participant whose memberships are nearest 4 % of the groups (about 400 in 10,000): a list
	the busiest participant fills in a few rows and a two-group one not at all."""
	target = groups * 0.04
	return min(people, key=lambda p: (abs(p[1] - target), p[0]))


def step_list():
	people = participants()
	groups = frappe.db.count("Responsibility Group")
	busiest = people[0]
	middle = middle_participant(people, groups)
	two = participant_in_two_groups(busiest[0])
	shapes = [
		list_shape("busiest", *busiest, runs=LIST_RUNS),
		list_shape("middle", *middle, runs=LIST_RUNS),
		list_shape("two", two, 2, runs=LIST_RUNS),
	]
	user_median, admin_median = median_ratio(system_manager())
	frappe_user = {"median": user_median, "admin_median": admin_median, "ratio": user_median / admin_median}
	print(f"\nno row rule (System Manager): {user_median * 1000:.2f} ms vs {admin_median * 1000:.2f} ms")
	save("list", {"groups": groups, "shapes": shapes, "frappe_user": frappe_user})
	print_table("list")


BENCH_COORDINATOR = "benchmark.coordinator@demo.ansvarsgruppe.invalid"
COORDINATED_GROUPS = 40


def coordinator_of_40() -> str:
	"""A Coordinator of 40 open groups (the demo's coordinators hold hundreds each): 40 of the groups of the
	demo's busiest coordinator handed to a new user. Only for measuring."""
	from ansvarsgruppe.permissions import registry
	from ansvarsgruppe.rules import status as st

	user = BENCH_COORDINATOR
	if not frappe.db.exists("User", user):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": user,
				"first_name": "Benchmark",
				"last_name": "Koordinator",
				"send_welcome_email": 0,
				"roles": [{"role": registry.COORDINATOR}],
			}
		).insert(ignore_permissions=True)
		busiest = frappe.db.sql(
			"""select coordinator from `tabResponsibility Group` where status != %s and coordinator is not null
			group by coordinator order by count(*) desc limit 1""",
			[st.GROUP_CLOSED],
		)[0][0]
		names = frappe.get_all(
			"Responsibility Group",
			filters={"coordinator": busiest, "status": ("!=", st.GROUP_CLOSED)},
			pluck="name",
			order_by="name",
			limit=COORDINATED_GROUPS,
		)
		group = frappe.qb.DocType("Responsibility Group")
		frappe.qb.update(group).set(group.coordinator, user).where(group.name.isin(names)).run()
		frappe.db.commit()
	return user


def step_coordinator_list():
	"""P1c: the first page for a coordinator of 40 groups (and the demo's busiest coordinator)."""
	user = coordinator_of_40()
	busiest, count = frappe.db.sql(
		"""select coordinator, count(*) from `tabResponsibility Group` where coordinator is not null
		group by coordinator order by count(*) desc limit 1"""
	)[0]
	shapes = [
		list_shape("coordinator", user, COORDINATED_GROUPS, runs=LIST_RUNS),
		list_shape("busiest coordinator", busiest, count, runs=LIST_RUNS // 2),
	]
	save("coordinator_list", {"shapes": shapes})
	print_table("coordinator_list")


# --- P7: KE's overview report --------------------------------------------------------------------------

OVERVIEW_RUNS = 7


def step_overview():
	"""P7: the Responsibility Group Overview (a Script Report) as KE, every group, against Frappe's own
	report view (``frappe.desk.reportview.get``, the Report Builder) of the same groups and columns as
	Administrator: the same rows through Frappe alone."""
	from frappe.desk.query_report import run
	from frappe.desk.reportview import get

	from ansvarsgruppe.ansvarsgruppe.report.responsibility_group_overview import (
		responsibility_group_overview as overview,
	)
	from ansvarsgruppe.permissions import registry

	ke = frappe.db.sql(
		"""select r.parent from `tabHas Role` r join tabUser u on u.name = r.parent and u.enabled = 1
		where r.role = %s and r.parenttype = 'User' order by r.parent limit 1""",
		[registry.KE],
	)[0][0]
	fields = [
		c["fieldname"]
		for c in overview.get_columns()
		if frappe.get_meta("Responsibility Group").has_field(c["fieldname"]) or c["fieldname"] == "name"
	]

	def app():
		frappe.set_user(ke)
		try:
			return len(run("Responsibility Group Overview", filters={"status": "All"})["result"])
		finally:
			frappe.set_user("Administrator")

	def frappes():
		frappe.local.form_dict = frappe._dict(
			doctype="Responsibility Group",
			fields=json.dumps([f"`tabResponsibility Group`.`{f}`" for f in fields]),
			order_by="`tabResponsibility Group`.`responsible_unit` asc, `tabResponsibility Group`.`name` asc",
			start=0,
			page_length=0,
			view="Report",
		)
		return len(get()["values"])

	rows = {"app": app(), "frappe": frappes()}  # also the warm-up
	times = {"app": [], "frappe": []}
	for _ in range(OVERVIEW_RUNS):
		times["app"].append(timed(app))
		times["frappe"].append(timed(frappes))
	result = {
		"user": ke,
		"rows": rows,
		"columns": len(fields),
		"app_median": statistics.median(times["app"]),
		"frappe_median": statistics.median(times["frappe"]),
	}
	save("overview", result)
	print_table("overview")


def short_ref(ref) -> str:
	"""EXPLAIN's ref without the database name: "tabResponsibility Group.name,const"."""
	return ",".join(part.split(".", 1)[1] if part.count(".") > 1 else part for part in str(ref).split(","))


def print_explain(rows):
	columns = [
		"id",
		"select_type",
		"table",
		"type",
		"possible_keys",
		"key",
		"key_len",
		"ref",
		"rows",
		"Extra",
	]
	table = [[str(r.get(c) if r.get(c) is not None else "NULL") for c in columns] for r in rows]
	widths = [max(len(c), *(len(row[i]) for row in table)) for i, c in enumerate(columns)]
	print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
	for row in table:
		print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


# --- The gate: its cost per request ------------------------------------------------------------------


GATE_RUNS = 2000


def step_gate():
	"""The gate (``before_request``) for the desk's list request as the busiest participant, against the
	same request's own work (``frappe.desk.reportview.get``): medians of many, in this process."""
	from werkzeug.test import EnvironBuilder
	from werkzeug.wrappers import Request

	from ansvarsgruppe.permissions import gate

	user = busiest_participant()[0]
	params = {
		"doctype": "Responsibility Group",
		"fields": json.dumps([f"`tabResponsibility Group`.`{f}`" for f in ["name", *LIST_FIELDS[1:]]]),
		"filters": json.dumps([["Responsibility Group", "status", "!=", "Closed"]]),
		"order_by": "`tabResponsibility Group`.`modified` desc",
		"start": "0",
		"page_length": "20",
	}
	environ = EnvironBuilder(path="/api/method/frappe.desk.reportview.get", method="POST", data=params)
	frappe.local.request = Request(environ.get_environ())
	frappe.set_user(user)
	frappe.local.form_dict = frappe._dict(params)

	def guarded():
		frappe.local.form_dict = frappe._dict(params)
		gate.guard_request()

	def request():
		from frappe.desk.reportview import get

		frappe.local.form_dict = frappe._dict(params)
		get()

	for _ in range(20):
		guarded(), request()
	guard_times, request_times = [], []
	for i in range(GATE_RUNS):
		guard_times.append(timed(guarded))
		if i % 20 == 0:
			request_times.append(timed(request))
	frappe.set_user("Administrator")
	figures = {
		"guard_median": statistics.median(guard_times),
		"request_median": statistics.median(request_times),
	}
	figures["share"] = figures["guard_median"] / (figures["guard_median"] + figures["request_median"])
	save("gate", figures)
	print(
		f"gate: {figures['guard_median'] * 1e6:.0f} µs per request, the request's own work "
		f"{figures['request_median'] * 1000:.2f} ms ({figures['share']:.1%} of the whole)"
	)
	print_table("gate")


# --- P3: portal page under load ------------------------------------------------------------------------


def step_family(password):
	from ansvarsgruppe.tests.browser_fixtures import portal_families

	family = json.loads(portal_families(password))
	family["password"] = password
	save("family", family)


@contextmanager
def gunicorn(port, workers=2, command=None, cwd=None):
	"""frappe.app:application under gunicorn (sync workers) on 127.0.0.1:port; yields the master's pid."""
	log = open(f"/tmp/bench-ansvarsgruppe-gunicorn-{port}.log", "w")
	proc = subprocess.Popen(
		command
		or [
			os.path.join(sys.prefix, "bin", "gunicorn"),
			"-b",
			f"127.0.0.1:{port}",
			"-w",
			str(workers),
			"-t",
			"120",
			"frappe.app:application",
		],
		cwd=cwd,
		stdout=log,
		stderr=subprocess.STDOUT,
		start_new_session=True,
	)
	try:
		wait_for_server(port, proc, log.name)
		yield proc.pid
	finally:
		with suppress(ProcessLookupError):  # a server that exited by itself
			os.killpg(proc.pid, signal.SIGTERM)
		proc.wait(timeout=30)
		log.close()


def free_port() -> int:
	"""A port on 127.0.0.1 that nothing is bound to now (the system's choice)."""
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


# How long a server may take to answer its first request: a cold start on a loaded machine (imports, the
# site's caches) takes tens of seconds, not the 5 s a warm one needs.
SERVER_DEADLINE = float(os.environ.get("BENCH_SERVER_DEADLINE", "600"))


def wait_for_server(port, proc, log_name):
	"""Until ``/api/method/ping`` answers, or the deadline: a refused connection, a timeout or an error page
	mean "not yet"; a server that exited means never."""
	import requests

	deadline = time.monotonic() + SERVER_DEADLINE
	last = None
	while time.monotonic() < deadline:
		if proc.poll() is not None:
			raise RuntimeError(f"the server on port {port} exited ({proc.returncode}); see {log_name}")
		try:
			timeout = max(1.0, min(60.0, deadline - time.monotonic()))
			response = requests.get(
				f"http://127.0.0.1:{port}/api/method/ping", headers={"Host": SITE}, timeout=timeout
			)
			if response.ok:
				return
			last = f"HTTP {response.status_code}"
		except requests.RequestException as e:
			last = type(e).__name__
		time.sleep(1)
	raise RuntimeError(
		f"the server on port {port} did not answer within {SERVER_DEADLINE:.0f} s ({last}); see {log_name}"
	)


def worker_peak_rss_kb(master):
	peaks = []
	for pid in subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split():
		status = Path(f"/proc/{pid}/status").read_text()
		match = re.search(r"VmHWM:\s+(\d+) kB", status)
		if match:
			peaks.append(int(match.group(1)))
	return max(peaks, default=0)


def login(port, user, password):
	import requests

	response = requests.post(
		f"http://127.0.0.1:{port}/api/method/login",
		data={"usr": user, "pwd": password},
		headers={"Host": SITE},
		timeout=SERVER_DEADLINE,
	)
	response.raise_for_status()
	return response.cookies["sid"]


PAGE_BLOCK = 100  # requests of one page in a row, before the next page's block


def load_pages(port, pages: dict, sid, requests_per_page=REQUESTS) -> dict:
	"""``pages`` ({label: (path, text it must contain)}) each requested by CLIENTS clients at once, in blocks
	of PAGE_BLOCK requests of one page, the pages' blocks in turn, so that load coming and going on the
	machine meets each page alike (and each request waits only behind requests of its own page): {label:
	figures}."""
	import requests

	headers = {"Host": SITE, "Cookie": f"sid={sid}"}

	def one(label):
		path, expect = pages[label]
		start = time.perf_counter()
		response = requests.get(
			f"http://127.0.0.1:{port}{path}", headers=headers, timeout=120, allow_redirects=False
		)
		elapsed = time.perf_counter() - start
		if response.status_code != 200 or expect not in response.text:
			raise RuntimeError(f"{path}: HTTP {response.status_code}, {expect!r} not in the page")
		return elapsed

	times = {label: [] for label in pages}
	with ThreadPoolExecutor(CLIENTS) as pool:
		for label in pages:
			list(pool.map(one, [label] * CLIENTS))  # warm-up
		for _ in range(max(1, requests_per_page // PAGE_BLOCK)):
			for label in pages:
				times[label] += pool.map(one, [label] * min(PAGE_BLOCK, requests_per_page))
	result = {}
	for label, page_times in times.items():
		page_times.sort()
		result[label] = {
			"median": statistics.median(page_times),
			"p95": page_times[int(0.95 * len(page_times)) - 1],
			"requests": len(page_times),
		}
	return result


RSS_REQUESTS = 100


def step_portal(port_base):
	family = load()["family"]
	pages = {"me": ("/me", ""), "mine": ("/mine-ansvarsgrupper", family["group"])}
	# The times: both pages from one server, in blocks in turn, in the same minutes.
	with gunicorn(port_base):
		sid = login(port_base, family["parent"], family["password"])
		result = load_pages(port_base, pages, sid)
	print(result)
	# The peak RSS: each page from a fresh server of its own, so the worker's peak belongs to that page alone.
	for label in pages:
		port = free_port()
		with gunicorn(port) as master:
			sid = login(port, family["parent"], family["password"])
			load_pages(port, {label: pages[label]}, sid, RSS_REQUESTS)
			result[label]["peak_rss_kb"] = worker_peak_rss_kb(master)
		print(label, result[label])
	save("portal", result)
	print_table("portal")


# --- P4: PDF ------------------------------------------------------------------------------------------


def step_pdf(port):
	# wkhtmltopdf fetches the print CSS and images from host_name; gunicorn alone serves no /assets,
	# `bench serve` does (as in scripts/test).
	command = ["bench", "--site", SITE, "serve", "--port", str(port), "--noreload"]
	with gunicorn(int(port), command=command, cwd=".."):
		pdf_figures()


def pdf_figures():
	import io

	from pypdf import PdfReader

	from ansvarsgruppe.printing import formats
	from ansvarsgruppe.printing.pdf import get_pdf
	from ansvarsgruppe.rules import status as st

	minutes = frappe.db.sql(
		"""select m.name from `tabMeeting Minutes` m
		left join `tabMeeting Agenda Item` a on a.parent = m.name and a.parenttype = 'Meeting Minutes'
		where m.status in %s group by m.name order by count(a.name) desc, m.name limit 1""",
		[list(st.MINUTES_FINAL)],
	)[0][0]
	html = frappe.get_print("Meeting Minutes", minutes, formats.MINUTES_FORMAT)
	body = re.sub(r"(?is)<(style|script)[^>]*>.*?</\1>", " ", html)
	text = [
		re.sub(r"\s+", " ", part).strip() for part in re.split(r"(?i)<(?:/p|br ?/?|/tr|/h\d|/li|/div)>", body)
	]
	text = [frappe.utils.escape_html(re.sub(r"<[^>]+>", "", t)).strip() for t in text]
	description = "".join(f"<p>{t}</p>" for t in text if t)
	todo = frappe.get_doc({"doctype": "ToDo", "description": description}).insert(ignore_permissions=True)
	frappe.db.commit()

	def minutes_pdf():
		return get_pdf("Meeting Minutes", minutes, formats.MINUTES_FORMAT, ignore_permissions=True)

	def todo_pdf():
		return frappe.get_print("ToDo", todo.name, "Standard", as_pdf=True, pdf_options={"page-size": "A4"})

	pages = {
		label: len(PdfReader(io.BytesIO(fn())).pages)
		for label, fn in (("minutes", minutes_pdf), ("todo", todo_pdf))
	}  # also the warm-up
	times = {"minutes": [], "todo": []}
	for _ in range(PDF_RUNS):
		times["minutes"].append(timed(minutes_pdf))
		times["todo"].append(timed(todo_pdf))
	result = {
		"minutes": minutes,
		"todo": todo.name,
		"pages": pages,
		"text_chars": len(description),
		"minutes_median": statistics.median(times["minutes"]),
		"todo_median": statistics.median(times["todo"]),
	}
	print(result)
	save("pdf", result)
	print_table("pdf")


# --- P5: the demo's users under load (Locust) ------------------------------------------------------------

TODOS_PER_USER = 20


def step_load_truth(path, password):
	"""Write the load test's ground truth (``benchmarks/load/checks.py``): each demo user who logs in, with
	the password, what kind of user they are and the upper bound of what they may read, computed here from
	the demo's rows without the app's permission code. Also gives every staff user ``TODOS_PER_USER`` ToDos
	of their own, for Frappe's equivalent load (P5)."""
	from ansvarsgruppe.demo import staff_users
	from ansvarsgruppe.demo.data import COORDINATOR, KE, PARTICIPANT, UNIT_LEADER
	from ansvarsgruppe.rules import status as st
	from ansvarsgruppe.tests.factories import ensure_outgoing_email_account

	ensure_outgoing_email_account()  # approved minutes are mailed (to the Email Queue; nothing flushes it)
	everything = frappe.get_all("Responsibility Group", pluck="name", order_by="name")
	open_groups = frappe.get_all(
		"Responsibility Group", filters={"status": ("in", list(st.GROUP_OPEN))}, pluck="name"
	)
	# where a coordinator writes new minutes: active groups whose pre-meeting was held (R8)
	held = set(
		frappe.get_all(
			"Meeting Minutes",
			filters={
				"meeting_type": "Pre-meeting",
				"status": ("in", [st.MINUTES_DRAFT, *st.MINUTES_FINAL]),
			},
			pluck="group",
		)
	)
	active = set(frappe.get_all("Responsibility Group", filters={"status": st.GROUP_ACTIVE}, pluck="name"))
	users = {}
	kinds = {KE: "ke", COORDINATOR: "coordinator", PARTICIPANT: "participant", UNIT_LEADER: "participant"}
	for email, _name, _title, roles, _unit in staff_users():
		kind = next((kinds[r] for r in roles if r in kinds), None)
		if not kind or not frappe.db.get_value("User", email, "enabled"):
			continue
		coordinated = frappe.get_all("Responsibility Group", filters={"coordinator": email}, pluck="name")
		if KE in roles:
			groups = set(everything)
		else:
			groups = set(coordinated) | set(
				frappe.get_all(
					"Group Member",
					filters={"user": email, "status": ("in", [st.MEMBER_APPROVED, st.MEMBER_ACTIVE])},
					pluck="group",
				)
			)
			if UNIT_LEADER in roles:
				units = frappe.get_all("Service Unit", filters={"unit_leader": email}, pluck="name")
				groups |= set(
					frappe.get_all(
						"Responsibility Group", filters={"responsible_unit": ("in", units)}, pluck="name"
					)
				)
		users[email] = {
			"kind": kind,
			"groups": sorted(groups),
			"coordinated": sorted(coordinated),
			# the groups whose minutes and conversation the user works with: open ones, members' first
			"work_groups": sorted(set(coordinated) & active & held)
			if coordinated
			else sorted(groups & set(open_groups))[:50],
		}
	su = frappe.qb.DocType("Service User")
	relation = frappe.qb.DocType("Service User Relation")
	acts_for = frappe.qb.from_(su).select(su.portal_user, su.name).where(su.portal_user.isnotnull()).run() + (
		frappe.qb.from_(relation)
		.select(relation.portal_user, relation.parent)
		.where(relation.portal_user.isnotnull() & (relation.parenttype == "Service User"))
		.run()
	)
	families = {}
	for user, person in acts_for:
		if user and frappe.db.get_value("User", user, "enabled"):
			families.setdefault(user, set()).add(person)
	for user, people in families.items():
		groups = frappe.get_all(
			"Responsibility Group", filters={"service_user": ("in", list(people))}, pluck="name"
		)
		users[user] = {
			"kind": "family",
			"groups": sorted(groups),
			"coordinated": [],
			"work_groups": sorted(set(groups) & set(open_groups)),
		}
	for email, user in users.items():
		if user["kind"] != "family" and frappe.db.count("ToDo", {"allocated_to": email}) < TODOS_PER_USER:
			for i in range(TODOS_PER_USER):
				frappe.get_doc(
					{
						"doctype": "ToDo",
						"description": f"Oppgave {i + 1}",
						"allocated_to": email,
						"owner": email,
					}
				).insert(ignore_permissions=True)
	frappe.db.commit()
	truth = {"site": SITE, "password": password, "all_groups": everything, "users": users}
	Path(path).write_text(json.dumps(truth, indent=1))
	counts = {}
	for user in users.values():
		counts[user["kind"]] = counts.get(user["kind"], 0) + 1
	print(f"ground truth for {len(users)} users {counts} written to {path}")


LOAD_WORKERS = int(os.environ.get("LOAD_GUNICORN_WORKERS", "2"))  # per web server
LOCUSTFILE = Path(__file__).resolve().parent / "load" / "locustfile.py"
ROAD_ORDER = (
	"login",
	"portal page",
	"conversation",
	"send message",
	"desk page",
	"group list",
	"open group",
	"minutes list",
	"open minutes",
	"write minutes",
	"approve minutes",
	"overview report",
)


@contextmanager
def rq_worker():
	"""One RQ worker of the bench for every queue (the jobs the requests enqueue: mails, notices)."""
	log = open("/tmp/bench-ansvarsgruppe-worker.log", "w")
	proc = subprocess.Popen(
		["bench", "worker", "--queue", "short,default,long"],
		cwd="..",
		stdout=log,
		stderr=subprocess.STDOUT,
		start_new_session=True,
	)
	try:
		yield proc.pid
	finally:
		os.killpg(proc.pid, signal.SIGTERM)
		proc.wait(timeout=60)
		log.close()


WARM_UP_SECONDS = 20


def run_locust(mode, users, seconds, hosts, truth, warm_up=False) -> dict:
	"""One headless Locust run of ``mode`` (app, frappe); its figures per road, leaks and RQ queue."""
	import csv

	prefix = f"/tmp/bench-ansvarsgruppe-load-{mode}{'-warm-up' if warm_up else ''}"
	summary = f"{prefix}-summary.json"
	env = {
		**os.environ,
		"LOAD_TRUTH": truth,
		"LOAD_HOSTS": ",".join(hosts),
		"LOAD_MODE": mode,
		"LOAD_REDIS": frappe.conf.redis_queue or "",
		"LOAD_SUMMARY": summary,
	}
	command = [
		os.environ.get("LOCUST", "locust"),
		"-f",
		str(LOCUSTFILE),
		"--headless",
		"--only-summary",
		"-u",
		str(users),
		"-r",
		str(max(1, int(users) // 10)),
		"-t",
		f"{seconds}s",
		"--stop-timeout",
		"30",
		"--csv",
		prefix,
	]
	what = "warm-up" if warm_up else "measured"
	print(f"locust ({mode}, {what}): {users} users for {seconds} s against {', '.join(hosts)}", flush=True)
	code = subprocess.run(command, env=env).returncode
	roads = {}
	with open(f"{prefix}_stats.csv") as f:
		for row in csv.DictReader(f):
			roads[row["Name"]] = {
				"requests": int(row["Request Count"]),
				"failures": int(row["Failure Count"]),
				"rps": float(row["Requests/s"]),
				"p50": float(row["50%"] or 0),
				"p95": float(row["95%"] or 0),
				"p99": float(row["99%"] or 0),
			}
	with open(f"{prefix}_failures.csv") as f:
		failures = list(csv.DictReader(f))
	verdict = json.loads(Path(summary).read_text()) if Path(summary).exists() else {}
	return {
		"users": int(users),
		"seconds": int(seconds),
		"exit_code": code,
		"roads": roads,
		"failures": failures[:20],
		"leaks": verdict.get("leaks", ["no verdict written"]),
		"deadlocks": verdict.get("deadlocks", []),
		"queue": verdict.get("queue", {}),
	}


def set_host_name(config, value):
	data = json.loads(config.read_text())
	if value:
		data["host_name"] = value
	else:
		data.pop("host_name", None)
	config.write_text(json.dumps(data, indent=1))


def step_load(modes, users, seconds, port_base):
	"""P5 and the load test: the demo's users (Locust) against two web servers of the site, with an RQ
	worker; ``modes``: app, frappe or both (P5). Fails on any failed request or leak."""
	password = Path(SITE, "benchmark-password").read_text().strip()
	truth = f"/tmp/bench-ansvarsgruppe-truth-{SITE}.json"
	step_load_truth(truth, password)
	port_base = int(port_base)
	ports = (port_base, port_base + 1)
	result = load().get("load", {})
	# Approving minutes mails them as a PDF: wkhtmltopdf fetches the print CSS from host_name, which gunicorn
	# alone does not serve (as in P4): a third server, `bench serve`, answers those.
	config = Path(SITE, "site_config.json")
	host_name = json.loads(config.read_text()).get("host_name")
	serve = ["bench", "--site", SITE, "serve", "--port", str(port_base + 2), "--noreload"]
	with (
		gunicorn(port_base + 2, command=serve, cwd=".."),
		gunicorn(ports[0], workers=LOAD_WORKERS),
		gunicorn(ports[1], workers=LOAD_WORKERS),
		rq_worker(),
	):
		set_host_name(config, f"http://{SITE}:{port_base + 2}")
		try:
			for mode in ("app", "frappe") if modes == "both" else (modes,):
				hosts = [f"http://127.0.0.1:{p}" for p in ports]
				# a short warm-up first (not counted): every worker has loaded the mode's code and caches
				run_locust(mode, min(int(users), 8), WARM_UP_SECONDS, hosts, truth, warm_up=True)
				result[mode] = run_locust(mode, users, seconds, hosts, truth)
				result[mode]["web_workers"] = 2 * LOAD_WORKERS
				save("load", result)
				print_table("load")
		finally:
			set_host_name(config, host_name)
	bad = [
		f"{mode}: {figures['roads'].get('Aggregated', {}).get('failures')} failed requests,"
		f" {len(figures['leaks'])} leaks"
		for mode, figures in result.items()
		if figures["roads"].get("Aggregated", {}).get("failures") or figures["leaks"]
	]
	for mode, figures in result.items():
		for failure in figures["failures"]:
			print(f"{mode} failure: {failure}")
	if bad:
		print("FAILED:", "; ".join(bad))
		sys.exit(1)


# --- P6: many municipalities on one bench ------------------------------------------------------------------

NIGHT_HOURS = 6
MUNICIPALITIES = 200
DB_ROOT_PASSWORD = os.environ.get("DB_ROOT_PASSWORD", "root")
CLONE_JOBS = int(os.environ.get("P6_CLONE_JOBS", "2"))


def step_daily_jobs(out):
	"""One site's night, as one RQ worker process runs it: each of the app's daily ``scheduler_events`` and
	Frappe's ``trigger_daily_alerts`` (which sends the app's date-based alerts), timed, and the process's peak
	memory (``ru_maxrss``) at the end. Written to ``out`` (JSON)."""
	import resource

	from ansvarsgruppe.tests.factories import ensure_outgoing_email_account

	ensure_outgoing_email_account()
	frappe.db.commit()
	warm_imports()
	figures = {"groups": frappe.db.count("Responsibility Group"), "jobs": {}}
	start = time.perf_counter()
	for label, path in jobs().items():
		figures["jobs"][label] = run_job(path)
	figures["seconds"] = time.perf_counter() - start
	figures["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
	Path(out).write_text(json.dumps(figures))


def mysql(*args, stdin=None, stdout=None):
	return subprocess.run(
		["mysql", "-h127.0.0.1", "-uroot", f"-p{DB_ROOT_PASSWORD}", *args],
		stdin=stdin,
		stdout=stdout,
		check=True,
	)


def clone_site(template: str, site: str):
	"""A new site from the template's database (mysqldump | mysql) and a copy of its site_config.json."""
	config = json.loads(Path(template, "site_config.json").read_text())
	db_name = "_p6_" + frappe.generate_hash(length=12)
	password = frappe.generate_hash(length=16)
	mysql(
		"-e",
		f"CREATE DATABASE `{db_name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
		f" CREATE USER '{db_name}'@'localhost' IDENTIFIED BY '{password}';"
		f" GRANT ALL PRIVILEGES ON `{db_name}`.* TO '{db_name}'@'localhost'; FLUSH PRIVILEGES;",
	)
	dump = subprocess.Popen(
		[
			"mysqldump",
			"-h127.0.0.1",
			"-uroot",
			f"-p{DB_ROOT_PASSWORD}",
			"--single-transaction",
			"--quick",
			config["db_name"],
		],
		stdout=subprocess.PIPE,
	)
	mysql(db_name, stdin=dump.stdout)
	if dump.wait():
		raise RuntimeError(f"mysqldump of {template} failed")
	for folder in ("private/files", "private/backups", "public/files", "logs", "locks"):
		Path(site, folder).mkdir(parents=True, exist_ok=True)
	config.update(db_name=db_name, db_password=password)
	config.pop("host_name", None)
	Path(site, "site_config.json").write_text(json.dumps(config, indent=1))


def drop_clone(site: str):
	config = json.loads(Path(site, "site_config.json").read_text())
	db_name = config["db_name"]
	if db_name.startswith("_p6_"):
		mysql("-e", f"DROP DATABASE IF EXISTS `{db_name}`; DROP USER IF EXISTS '{db_name}'@'localhost';")
	subprocess.run(["rm", "-rf", site], check=True)


def step_many_sites(count, groups, keep="drop"):
	"""P6: ``count`` municipalities of ``groups`` groups on this bench, cloned from a template site (made once
	with the demo at that size, then kept): every site's night of daily jobs in turn, as one worker runs them,
	with each job process's peak memory; extrapolated to 200 municipalities and the workers a 6-hour night
	needs; then ``bench --site all migrate`` timed across the bench. ``keep``: keep the clones afterwards."""
	count, groups = int(count), int(groups)
	template = f"p6-template-{groups}.localhost"
	password = Path(SITE, "benchmark-password").read_text().strip()
	bench = ["bench"]
	making = {}
	if not Path(template).exists():
		print(f"making the template {template} with {groups} demo groups", flush=True)
		for part, args in (
			(
				"new-site",
				[
					"new-site",
					template,
					"--db-root-password",
					DB_ROOT_PASSWORD,
					"--admin-password",
					"admin",
					"--install-app",
					"ansvarsgruppe",
				],
			),
			("config", ["--site", template, "set-config", "throttle_user_limit", "1000", "--parse"]),
			(
				"setup complete",
				[
					"--site",
					template,
					"execute",
					"frappe.db.set_single_value",
					"--args",
					"['System Settings', 'setup_complete', 1]",
				],
			),
			(
				"demo",
				[
					"--site",
					template,
					"execute",
					"ansvarsgruppe.demo.create",
					"--kwargs",
					f"{{'groups': {groups}, 'password': '{password}'}}",
				],
			),
		):
			started = time.perf_counter()
			subprocess.run([*bench, *args], cwd="..", check=True, stdout=subprocess.DEVNULL)
			making[part] = time.perf_counter() - started
			print(f"template: {part} in {making[part]:.0f} s", flush=True)
	sites = [f"p6-{groups}-{i:02d}.localhost" for i in range(1, count + 1)]
	clones = {}

	def clone(site):
		started = time.perf_counter()
		clone_site(template, site)
		clones[site] = time.perf_counter() - started
		print(f"{site} cloned from {template} in {clones[site]:.0f} s", flush=True)

	# the clones are set-up, not measured: a few at once (each is one mysqldump | mysql pipe)
	start = time.perf_counter()
	with ThreadPoolExecutor(max_workers=CLONE_JOBS) as pool:
		list(pool.map(clone, [site for site in sites if not Path(site).exists()]))
	cloning = time.perf_counter() - start
	print(f"{len(clones)} sites cloned from {template} in {cloning:.0f} s ({CLONE_JOBS} at once)", flush=True)
	nights = {}
	try:
		for site in sites:
			out = f"/tmp/bench-ansvarsgruppe-night-{site}.json"
			started = time.perf_counter()
			subprocess.run(
				[sys.executable, __file__, "--site", site, "--out", OUT, "daily_jobs", out],
				check=True,
				stdout=subprocess.DEVNULL,
			)
			night = json.loads(Path(out).read_text())
			night["process_seconds"] = time.perf_counter() - started
			nights[site] = night
			print(
				f"{site}: daily jobs {night['seconds']:.1f} s ({night['process_seconds']:.1f} s with the process's"
				f" start), peak {night['peak_rss_kb'] / 1024:.0f} MiB,"
				f" {sum(j['mails'] for j in night['jobs'].values())} mails",
				flush=True,
			)
		all_sites = sorted(p.parent.name for p in Path(".").glob("*/site_config.json"))
		started = time.perf_counter()
		subprocess.run([*bench, "--site", "all", "migrate"], cwd="..", check=True, stdout=subprocess.DEVNULL)
		migrate = time.perf_counter() - started
		print(f"bench --site all migrate: {len(all_sites)} sites in {migrate:.0f} s", flush=True)
	finally:
		if keep != "keep":
			for site in sites:
				drop_clone(site)
	per_site = statistics.mean(n["process_seconds"] for n in nights.values())
	result = {
		"sites": count,
		"groups": groups,
		"template_seconds": making,
		"cloning_seconds": cloning,
		"clone_seconds": clones,
		"per_site_seconds": per_site,
		"per_site_job_seconds": statistics.mean(n["seconds"] for n in nights.values()),
		"all_sites_seconds": sum(n["process_seconds"] for n in nights.values()),
		"peak_rss_kb": max(n["peak_rss_kb"] for n in nights.values()),
		"mails_per_site": statistics.mean(
			sum(j["mails"] for j in n["jobs"].values()) for n in nights.values()
		),
		"migrate_seconds": migrate,
		"migrate_sites": len(all_sites),
		"nights": nights,
	}
	save("sites", result)
	print_table("sites")


# --- The table ----------------------------------------------------------------------------------------


# --- P8: the desk drawn in Chromium ---------------------------------------------------------------------

DESK_RUNS = int(os.environ.get("BENCH_DESK_RUNS", "7"))
BLANK_WORKSPACE = "Benchmark Blank"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def desk_scene() -> dict:
	"""The coordinator of 40 groups with a password for this run, one of his groups, a ToDo of his, and a
	blank workspace of the app's module to land on with the app's home workspaces off."""
	from frappe.utils.password import update_password

	from ansvarsgruppe.setup.homes import home_for

	user = coordinator_of_40()
	password = frappe.generate_hash(length=16)
	update_password(user, password)
	if not frappe.db.exists("Workspace", BLANK_WORKSPACE):
		frappe.get_doc(
			{
				"doctype": "Workspace",
				"label": BLANK_WORKSPACE,
				"title": BLANK_WORKSPACE,
				"public": 1,
				"module": "Ansvarsgruppe",
				"content": json.dumps(
					[{"id": "blank", "type": "header", "data": {"text": BLANK_WORKSPACE, "col": 12}}]
				),
			}
		).insert(ignore_permissions=True)
	todo = frappe.get_doc(
		{"doctype": "ToDo", "description": "Ring skolen om møtetidspunkt", "allocated_to": user}
	).insert(ignore_permissions=True)
	frappe.db.set_value("ToDo", todo.name, "owner", user)
	group = frappe.get_all("Responsibility Group", filters={"coordinator": user}, pluck="name", limit=1)[0]
	frappe.db.commit()
	return {
		"user": user,
		"password": password,
		"home": home_for(frappe.get_roles(user)),
		"group": group,
		"todo": todo.name,
	}


def set_landing(user: str, workspace: str):
	frappe.db.set_value("User", user, "default_workspace", workspace, update_modified=False)
	frappe.db.commit()
	frappe.clear_cache(user=user)


class Traffic:
	"""The page's requests in flight, and each finished one's size (the socket's retries left out)."""

	def __init__(self, page):
		self.inflight, self.finished = set(), []
		page.on("request", self.started)
		page.on("requestfinished", self.done)
		page.on("requestfailed", self.failed)

	def started(self, request):
		if "socket.io" not in request.url:
			self.inflight.add(request)

	def done(self, request):
		if request in self.inflight:
			self.inflight.discard(request)
			try:
				size = request.sizes()["responseBodySize"]
			except Exception:
				size = 0
			self.finished.append((request.url.split("?")[0], size))

	def failed(self, request):
		self.inflight.discard(request)

	def quiet_at(self, page, start: float, quiet: float = 0.3) -> float:
		"""Seconds from ``start`` until the last request ended, once none is in flight for ``quiet`` s."""
		last = time.perf_counter()
		while True:
			now = time.perf_counter()
			if self.inflight:
				last = now
			elif now - last >= quiet:
				return last - start
			page.wait_for_timeout(25)


def desk_login(browser, base: str, scene: dict):
	context = browser.new_context(base_url=base, locale="nb-NO", viewport={"width": 1280, "height": 900})
	page = context.new_page()
	response = page.request.post("/api/method/login", form={"usr": scene["user"], "pwd": scene["password"]})
	if not response.ok:
		raise RuntimeError(f"log-in as {scene['user']}: HTTP {response.status}")
	return context, page


def workspace_drawn(browser, base: str, scene: dict) -> tuple[float, list]:
	"""From opening /app after a log-in to the first workspace drawn: its blocks on the page, every card
	and chart's request answered."""
	context, page = desk_login(browser, base, scene)
	traffic = Traffic(page)
	start = time.perf_counter()
	page.goto("/app", wait_until="commit")
	page.locator(".layout-main-section .codex-editor .ce-block").first.wait_for(timeout=120000)
	elapsed = traffic.quiet_at(page, start)
	context.close()
	return elapsed, traffic.finished


def form_drawn(browser, base: str, scene: dict, doctype: str, name: str) -> tuple[float, list]:
	"""A form opened from the desk already drawn (as a user clicks it): from the route to the form drawn,
	its requests answered."""
	context, page = desk_login(browser, base, scene)
	page.goto("/app", wait_until="commit")
	page.locator(".layout-main-section .codex-editor .ce-block").first.wait_for(timeout=120000)
	traffic = Traffic(page)
	traffic.quiet_at(page, time.perf_counter())
	traffic.finished.clear()
	start = time.perf_counter()
	page.evaluate("([doctype, name]) => frappe.set_route('Form', doctype, name)", [doctype, name])
	page.locator(".form-layout:visible").first.wait_for(timeout=120000)
	elapsed = traffic.quiet_at(page, start)
	context.close()
	return elapsed, traffic.finished


def traffic_summary(finished: list) -> dict:
	biggest = sorted(finished, key=lambda item: -item[1])[:5]
	return {
		"requests": len(finished),
		"bytes": sum(size for _url, size in finished),
		"biggest": [[url.split("/", 3)[-1], size] for url, size in biggest],
	}


def step_desk(port):
	"""P8: the coordinator's first workspace drawn, the app's home workspaces on (his home) vs off (a blank
	workspace), median of DESK_RUNS log-ins each, taken in turns; the group form vs a ToDo form."""
	from playwright.sync_api import sync_playwright

	scene = desk_scene()
	base = f"http://127.0.0.1:{port}"
	command = ["bench", "--site", SITE, "serve", "--port", str(port), "--noreload"]
	times = {"home_on": [], "home_off": [], "group": [], "todo": []}
	requests = {}
	with gunicorn(int(port), command=command, cwd=".."), sync_playwright() as playwright:
		browser = playwright.chromium.launch(
			executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_FLAGS
		)
		try:
			for run in range(DESK_RUNS + 1):  # the first round warms the server's caches
				for label, workspace in (("home_on", scene["home"]), ("home_off", BLANK_WORKSPACE)):
					set_landing(scene["user"], workspace)
					elapsed, finished = workspace_drawn(browser, base, scene)
					if run:
						times[label].append(elapsed)
					requests.setdefault(label, traffic_summary(finished))
				set_landing(scene["user"], scene["home"])
				for label, doctype, name in (
					("group", "Responsibility Group", scene["group"]),
					("todo", "ToDo", scene["todo"]),
				):
					elapsed, finished = form_drawn(browser, base, scene, doctype, name)
					if run:
						times[label].append(elapsed)
					requests.setdefault(label, traffic_summary(finished))
		finally:
			set_landing(scene["user"], scene["home"])
			browser.close()
	result = {label: statistics.median(values) for label, values in times.items()}
	result.update({"runs": DESK_RUNS, "requests": requests, "home": scene["home"]})
	print(json.dumps(result, ensure_ascii=False, indent=1))
	save("desk", result)
	print_table("desk")


SECTIONS = (
	"list",
	"coordinator_list",
	"gate",
	"alerts",
	"portal",
	"pdf",
	"overview",
	"desk",
	"load",
	"sites",
)


def table_rows(data, section) -> list[tuple]:
	rows = []

	def add(measure, app, base, ratio, target=None, met=""):
		if target and ratio is not None:
			met = "yes" if ratio <= target else "NO"
		rows.append(
			(
				measure,
				app,
				base,
				f"{ratio:.2f}×" if ratio is not None else "-",
				f"≤ {target}×" if target else "-",
				met,
			)
		)

	d = data.get(section)
	if not d:
		return rows
	if section in ("list", "coordinator_list"):
		prefix = "P1" if section == "list" else "P1c"
		for shape in d["shapes"]:
			who = "coordinator of" if section == "coordinator_list" else "participant,"
			unit = "groups" if section == "coordinator_list" else "memberships"
			add(
				f"{prefix} list API, first page, {who} {shape['memberships']} {unit}",
				f"{shape['participant_median'] * 1000:.1f} ms",
				f"{shape['admin_median'] * 1000:.1f} ms (Administrator)",
				shape["ratio"],
				1.3,
			)
			if "server" in shape:
				server, admin = shape["server"], shape["admin_server"]
				add(
					f"{prefix} (information) the same query in MariaDB",
					f"{server['ms']:.2f} ms, {server['pages']} pages",
					f"{admin['ms']:.2f} ms, {admin['pages']} pages",
					None,
				)
		if frappe_user := d.get("frappe_user"):
			add(
				f"{prefix} (information) a user without row rules (System Manager): Frappe's own cost of a user",
				f"{frappe_user['median'] * 1000:.1f} ms",
				f"{frappe_user['admin_median'] * 1000:.1f} ms (Administrator)",
				frappe_user["ratio"],
			)
	elif section == "gate":
		add(
			"Gate per request (desk list, busiest participant)",
			f"{d['guard_median'] * 1e6:.0f} µs",
			f"{d['request_median'] * 1000:.2f} ms (the request itself)",
			1 + d["guard_median"] / d["request_median"],
			met=f"{d['share']:.1%} of the request",
		)
	elif section == "alerts":
		sizes = sorted(d, key=int)
		small, largest = d[sizes[0]], d[sizes[-1]]
		labels = [job for job in largest if isinstance(largest[job], dict) and "first" in largest[job]]
		for size in sizes:
			figures = d[size]
			for job in labels:
				first = figures[job]["first"]
				per_send = figures[job].get("frappe_send", figures["frappe_send"]["median"])
				per_mail = first["seconds"] / first["mails"] if first["mails"] else 0
				recipients = figures[job].get("recipients", 1)
				if first["mails"] and recipients > 1:
					matched = figures[job]["frappe_send_matched"]
					add(
						f"P2 {job}, first run, {figures['groups']} groups: per mail ({first['mails']} mails to"
						f" {recipients} people each, {first['queries'] / first['mails']:.0f} queries each)",
						f"{per_mail * 1000:.0f} ms",
						f"{matched * 1000:.0f} ms (Notification.send, ToDo, {recipients} recipients)",
						per_mail / matched,
						1.25,
					)
					add(
						f"P2 (information) {job}: the same against a send to one recipient",
						f"{per_mail * 1000:.0f} ms",
						f"{per_send * 1000:.0f} ms (Notification.send, ToDo)",
						per_mail / per_send,
					)
				elif first["mails"]:
					add(
						f"P2 {job}, first run, {figures['groups']} groups: per mail ({first['mails']} mails,"
						f" {first['queries'] / first['mails']:.0f} queries each)",
						f"{per_mail * 1000:.0f} ms",
						f"{per_send * 1000:.0f} ms (Notification.send, ToDo)",
						per_mail / per_send,
						1.25,
					)
				else:
					add(
						f"P2 (information) {job}, first run, {figures['groups']} groups: nothing to send",
						f"{first['queries']} queries, {first['seconds']:.2f} s",
						"",
						None,
					)
		for job in labels:
			base = small[job]["again"]["queries"]
			for size in sizes:
				figures = d[size][job]["again"]
				add(
					f"P2 {job}, run again the same day (nothing new), {d[size]['groups']} groups: SQL queries",
					str(figures["queries"]),
					f"{base} (same job at {small['groups']} groups)",
					figures["queries"] / base if base else None,
					1.0,
				)
		first = sum(largest[job]["first"]["seconds"] for job in labels)
		mails = sum(largest[job]["first"]["mails"] for job in labels)
		add(
			f"P2 (information) daily jobs wall time, {largest['groups']} groups, first run ({mails} mails)",
			f"{first:.2f} s",
			f"{largest['frappe_send']['median'] * mails:.2f} s (Frappe's own send × {mails})",
			first / (largest["frappe_send"]["median"] * mails) if mails else None,
		)
	elif section == "portal":
		me, mine = d["me"], d["mine"]
		for stat in ("median", "p95"):
			add(
				f"P3 /mine-ansvarsgrupper {stat}, {CLIENTS} clients",
				f"{mine[stat] * 1000:.0f} ms",
				f"{me[stat] * 1000:.0f} ms (/me)",
				mine[stat] / me[stat],
				1.0 if stat == "median" else 1.5,
			)
		add(
			"P3 peak RSS of the serving worker",
			f"{mine['peak_rss_kb'] / 1024:.0f} MiB",
			f"{me['peak_rss_kb'] / 1024:.0f} MiB (/me)",
			mine["peak_rss_kb"] / me["peak_rss_kb"],
		)
	elif section == "pdf":
		add(
			f"P4 minutes PDF ({d['pages']['minutes']} p.) vs ToDo PDF ({d['pages']['todo']} p.)",
			f"{d['minutes_median']:.2f} s",
			f"{d['todo_median']:.2f} s (ToDo)",
			d["minutes_median"] / d["todo_median"],
			1.5,
		)
	elif section == "overview":
		add(
			f"P7 KE's overview report, {d['rows']['app']} groups",
			f"{d['app_median'] * 1000:.0f} ms",
			f"{d['frappe_median'] * 1000:.0f} ms (Report Builder, {d['rows']['frappe']} rows,"
			f" {d['columns']} columns)",
			d["app_median"] / d["frappe_median"],
			1.5,
		)
	elif section == "load":
		app, base = d.get("app"), d.get("frappe")
		for label, figures in (("app", app), ("Frappe's ToDo", base)):
			if not figures:
				continue
			total = figures["roads"].get("Aggregated", {})
			add(
				f"P5 (information) {label}: {figures['users']} users, {figures['seconds']} s,"
				f" {figures.get('web_workers', '?')} web workers on 2 servers",
				f"{total.get('rps', 0):.1f} req/s, {total.get('failures', 0)} failed,"
				f" {len(figures['leaks'])} leaks, {len(figures.get('deadlocks', []))} deadlocks tried again",
				f"RQ queue {figures['queue'].get('first', '?')} at the start, max {figures['queue'].get('max', '?')},"
				f" {figures['queue'].get('last', '?')} at the end",
				None,
			)
		for road in [r for r in ROAD_ORDER if app and r in app["roads"]] + [
			r for r in (app or {}).get("roads", {}) if r not in ROAD_ORDER and r != "Aggregated"
		]:
			mine, theirs = app["roads"][road], (base or {}).get("roads", {}).get(road)
			add(
				f"P5 {road}: p50/p95/p99 ({mine['requests']} requests, {mine['rps']:.1f}/s)",
				f"{mine['p50']:.0f}/{mine['p95']:.0f}/{mine['p99']:.0f} ms",
				f"{theirs['p50']:.0f}/{theirs['p95']:.0f}/{theirs['p99']:.0f} ms" if theirs else "-",
				mine["p50"] / theirs["p50"] if theirs and theirs["p50"] else None,
			)
	elif section == "sites":
		# a worker keeps its code loaded and forks a work-horse per job: the jobs' own time is what a night
		# costs it; the fresh process's start (imports, the site's first connection) is shown beside it
		per_site = d["per_site_job_seconds"]
		total = per_site * MUNICIPALITIES
		add(
			f"P6 (information) daily jobs of one municipality of {d['groups']} groups ({d['sites']} sites)",
			f"{per_site:.1f} s ({d['mails_per_site']:.0f} mails)",
			f"{d['per_site_seconds']:.1f} s with a fresh process's start",
			None,
		)
		add(
			"P6 (information) peak memory of a worker process running one site's night",
			f"{d['peak_rss_kb'] / 1024:.0f} MiB",
			"",
			None,
		)
		add(
			f"P6 (information) {MUNICIPALITIES} municipalities' nights, extrapolated",
			f"{total / 3600:.2f} h on one worker",
			f"{max(1, -(-total // (NIGHT_HOURS * 3600))):.0f} worker(s) for a {NIGHT_HOURS}-hour night",
			None,
		)
		add(
			"P6 (information) bench --site all migrate",
			f"{d['migrate_seconds']:.0f} s for {d['migrate_sites']} sites",
			f"{d['migrate_seconds'] / d['migrate_sites']:.1f} s a site",
			None,
		)
	elif section == "desk":
		for label, what in (("home_on", "the desk's first workspace"), ("group", "the group form")):
			base_label = "home_off" if label == "home_on" else "todo"
			base_text = (
				f"{d[base_label] * 1000:.0f} ms (blank workspace)"
				if label == "home_on"
				else f"{d[base_label] * 1000:.0f} ms (ToDo form)"
			)
			app = d["requests"][label]
			add(
				f"P8 {what}, coordinator, median of {d['runs']} ({app['requests']} requests, "
				f"{app['bytes'] / 1024:.0f} KiB)",
				f"{d[label] * 1000:.0f} ms",
				base_text,
				d[label] / d[base_label],
				1.3,
			)
	return rows


def print_rows(rows):
	rows = [("Measure", "App", "Frappe's own", "Ratio", "Target", "Met"), *rows]
	widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
	print()
	for i, row in enumerate(rows):
		print(" | ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
		if i == 0:
			print("-+-".join("-" * w for w in widths))
	sys.stdout.flush()


def print_table(section):
	"""A step's figures, printed as soon as they are measured."""
	print_rows(table_rows(load(), section))


def step_report():
	data = load()
	print_rows([row for section in SECTIONS for row in table_rows(data, section)])
	print(f"\nMachine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")


def step_groups():
	print(frappe.db.count("Responsibility Group"))


def main():
	global SITE, OUT
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--out", required=True)
	parser.add_argument("step")
	parser.add_argument("args", nargs="*")
	args = parser.parse_args()
	SITE, OUT = args.site, args.out
	if args.step == "report":
		return step_report()
	if args.step == "many_sites":  # many sites: no connection to one of them
		frappe.init(site=SITE, sites_path=".")
		try:
			return step_many_sites(*args.args)
		finally:
			frappe.destroy()
	connect()
	try:
		steps = {
			"alerts": step_alerts,
			"groups": step_groups,
			"list": step_list,
			"coordinator_list": step_coordinator_list,
			"overview": step_overview,
			"gate": step_gate,
			"family": step_family,
			"portal": lambda port: step_portal(int(port)),
			"pdf": step_pdf,
			"load_truth": step_load_truth,
			"load": step_load,
			"daily_jobs": step_daily_jobs,
			"desk": step_desk,
		}
		steps[args.step](*args.args)
		frappe.db.commit()
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
