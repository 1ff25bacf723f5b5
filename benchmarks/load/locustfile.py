"""The demo municipality's users at work over HTTP, for Locust (headless; see benchmarks/README.md).

	LOAD_TRUTH=truth.json LOAD_HOSTS=http://127.0.0.1:8001,http://127.0.0.1:8002 \
		locust -f benchmarks/load/locustfile.py --headless -u 10 -r 5 -t 30s --csv /tmp/load

Families read the portal and their group's conversation and send messages; participants (and unit
leaders) open the desk, their groups and their minutes; coordinators do the same, write minutes and
approve them; KE runs the overview report. Each simulated user logs in as one of the demo's users of its
kind (``measure.py load_truth`` writes them with the ground truth) on one of the web servers, in turn.

Every response is checked against what its user may read (``checks.py``): a name outside the bound fails
the request as a leak, and any leak fails the run. Each kind also asks, now and then, for a record outside
its bound and must be refused.

``LOAD_MODE=frappe``: the same users do the same amount of work on Frappe's own equivalent, ToDo (the desk's
/app/todo, the list, the form, a new ToDo, closing one) and /me for families: the baseline of P5.
``LOAD_REDIS``: the bench's redis_queue, whose RQ queues are sampled every 2 s.
"""

import itertools
import json
import os
import random
import re
import socket
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import gevent
from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checks  # noqa: E402

TRUTH = json.loads(Path(os.environ["LOAD_TRUTH"]).read_text())
HOSTS = os.environ.get("LOAD_HOSTS", "http://127.0.0.1:8000").split(",")
MODE = os.environ.get("LOAD_MODE", "app")
SITE = TRUTH["site"]
USERS = TRUTH["users"]
ALL_GROUPS = set(TRUTH["all_groups"])
ACCOUNTS = {
	kind: itertools.cycle(sorted(u for u, d in USERS.items() if d["kind"] == kind and d["groups"]))
	for kind in ("family", "participant", "coordinator", "ke")
}
NEXT_HOST = itertools.count()
LEAKS = []
DEADLOCKS = []
QUEUE_SAMPLES = []
CSRF = re.compile(r'frappe\.csrf_token\s*=\s*"([^"]+)"')
GROUP = "Responsibility Group"
MINUTES = "Meeting Minutes"


def record_leak(response, user, road, names):
	LEAKS.append({"user": user, "road": road, "names": names[:10]})
	response.failure(f"LEAK: {user} was shown {names[:5]}")


class DemoUser(HttpUser):
	abstract = True
	kind = ""
	wait_time = between(1, 4)
	host = HOSTS[0]

	def on_start(self):
		self.email = next(ACCOUNTS[self.kind])
		self.truth = USERS[self.email]
		self.groups = set(self.truth["groups"])
		self.client.base_url = HOSTS[next(NEXT_HOST) % len(HOSTS)]
		self.client.headers["Host"] = SITE
		self.client.headers["Accept"] = "application/json"
		with self.client.post(
			"/api/method/login",
			data={"usr": self.email, "pwd": TRUTH["password"]},
			name="login",
			catch_response=True,
		) as response:
			if response.status_code != 200:
				response.failure(f"log-in of {self.email}: HTTP {response.status_code}")
		self.todos, self.own_todos = [], []

	# --- helpers ------------------------------------------------------------------------------------

	def page(self, path, road):
		"""A page; its CSRF token is kept for the requests that change something."""
		with self.client.get(
			path, name=road, catch_response=True, headers={"Accept": "text/html"}
		) as response:
			if response.status_code != 200:
				response.failure(f"HTTP {response.status_code}")
				return None
			token = CSRF.search(response.text)
			if token:
				self.client.headers["X-Frappe-CSRF-Token"] = token.group(1)
			return response

	def call(self, method, road, data=None, post=False, refused=False, retry=True):
		"""``/api/method/<method>``; the message, or None when it failed (marked). ``refused``: the call must
		be refused (HTTP 403/404/417); a success shows what the user may not read, a leak.

		A request MariaDB chose as a deadlock's victim was rolled back whole; Frappe asks the user to try
		again, and so does this user, once. The first attempt is counted under "<road> (deadlock, tried
		again)" and in ``DEADLOCKS``; a second deadlock fails the request."""
		send = self.client.post if post else self.client.get
		kwargs = {"data": data} if post else {"params": data}
		with send(f"/api/method/{method}", name=road, catch_response=True, **kwargs) as response:
			if retry and response.status_code in (500, 508) and "QueryDeadlockError" in response.text:
				DEADLOCKS.append({"user": self.email, "road": road})
				response.request_meta["name"] = f"{road} (deadlock, tried again)"
				response.success()
				again = True
			else:
				again = False
				result = self.judge(response, road, refused)
		return self.call(method, road, data, post, refused, retry=False) if again else result

	def judge(self, response, road, refused):
		if refused:
			if response.status_code in (403, 404, 417):
				response.success()
			else:
				record_leak(response, self.email, road, [f"HTTP {response.status_code}"])
			return None
		if response.status_code != 200:
			response.failure(f"HTTP {response.status_code}: {response.text[:300]}")
			return None
		return response, response.json().get("message")

	def list_of(self, doctype, fields, road, filters=None, page_length=20):
		return self.call(
			"frappe.desk.reportview.get",
			road,
			{
				"doctype": doctype,
				"fields": json.dumps([f"`tab{doctype}`.`{f}`" for f in fields]),
				"filters": json.dumps(filters or []),
				"order_by": f"`tab{doctype}`.`modified` desc",
				"start": 0,
				"page_length": page_length,
				"view": "List",
			},
		)

	def rows(self, message):
		if isinstance(message, dict) and "keys" in message:
			keys = message["keys"]
			return [dict(zip(keys, row, strict=False)) for row in message.get("values", [])]
		return message or []

	def check_names(self, response, road, names, allowed):
		found = checks.leaks(names, allowed)
		if found:
			record_leak(response, self.email, road, found)

	def outside(self):
		"""A group outside the user's bound, for the refusal probe (None for KE, who reads every group)."""
		others = sorted(ALL_GROUPS - self.groups)
		return random.choice(others) if others else None

	def work_group(self):
		return random.choice(self.truth["work_groups"] or self.truth["groups"])

	# --- Frappe's own equivalent (LOAD_MODE=frappe) --------------------------------------------------

	def todo_list(self, road):
		result = self.list_of("ToDo", ["name", "allocated_to", "owner", "assigned_by", "status"], road)
		if result:
			response, message = result
			rows = self.rows(message)
			mine = [
				r["name"] for r in rows if self.email in (r["allocated_to"], r["owner"], r["assigned_by"])
			]
			self.check_names(response, road, [r["name"] for r in rows], mine)
			self.todos = [r["name"] for r in rows if r["status"] == "Open"] or self.todos

	def todo_open(self, road):
		if not self.todos:
			return self.todo_list(road)
		name = random.choice(self.todos)
		result = self.call("frappe.desk.form.load.getdoc", road, {"doctype": "ToDo", "name": name})
		if result:
			response, _ = result
			doc = response.json()["docs"][0]
			if self.email not in (doc.get("allocated_to"), doc.get("owner"), doc.get("assigned_by")):
				record_leak(response, self.email, road, [name])

	def todo_save(self, road, close=False, edit=False):
		"""A new ToDo; ``edit``: an open one saved with a new text; ``close``: an open one closed."""
		doc = {
			"doctype": "ToDo",
			"__islocal": 1,
			"name": f"new-todo-{random.randrange(10**9)}",
			"description": f"Oppgave {time.time():.0f}",
			"allocated_to": self.email,
		}
		# only the ToDos this simulated user made: the other simulated users of the same account do not save
		# them at the same time (as a coordinator's minutes are their own, see Coordinator.my_groups)
		if (close or edit) and self.own_todos:
			name = self.own_todos.pop() if close else random.choice(self.own_todos)
			result = self.call("frappe.desk.form.load.getdoc", road, {"doctype": "ToDo", "name": name})
			if not result:
				return
			doc = result[0].json()["docs"][0]
			if close:
				doc["status"] = "Closed"
			else:
				doc["description"] += " (endret)"
		saved = self.call(
			"frappe.desk.form.save.savedocs", road, {"doc": json.dumps(doc), "action": "Save"}, post=True
		)
		if saved and not (close or edit):
			self.own_todos.append(saved[0].json()["docs"][0]["name"])


class Family(DemoUser):
	"""A parent, guardian or adult in the portal (families are a small share of the load)."""

	kind = "family"
	weight = 3

	@task(4)
	def portal(self):
		if MODE == "frappe":
			self.page("/me", "portal page")
			return
		response = self.page("/mine-ansvarsgrupper", "portal page")
		if response is not None:
			self.check_names(response, "portal page", checks.names_in_text(response.text), self.groups)

	@task(3)
	def conversation(self):
		if MODE == "frappe":
			return self.page("/me", "conversation")
		group = self.work_group()
		result = self.call("ansvarsgruppe.api.messages.get_conversation", "conversation", {"group": group})
		if result:
			response, message = result
			self.check_names(response, "conversation", [message.get("group")], self.groups)

	@task(1)
	def send(self):
		if MODE == "frappe":
			return self.page("/me", "send message")
		self.call(
			"ansvarsgruppe.api.messages.send_message",
			"send message",
			{"group": self.work_group(), "text": "Takk for sist. Vi kommer på neste møte."},
			post=True,
		)

	@task(1)
	def probe(self):
		if MODE == "frappe":
			return
		other = self.outside()
		if other:
			self.call(
				"ansvarsgruppe.api.messages.get_conversation",
				"refused: other conversation",
				{"group": other},
				refused=True,
			)


class Participant(DemoUser):
	"""A member of groups (participants and unit leaders): the desk, their groups, their minutes."""

	kind = "participant"
	weight = 10

	def on_start(self):
		super().on_start()
		self.seen_groups, self.seen_minutes = [], []
		self.desk()

	@task(1)
	def desk(self):
		self.page("/app/todo" if MODE == "frappe" else "/app/responsibility-group", "desk page")

	@task(4)
	def group_list(self):
		if MODE == "frappe":
			return self.todo_list("group list")
		result = self.list_of(
			GROUP, ["name", "status", "service_user_name", "next_meeting_date"], "group list"
		)
		if result:
			response, message = result
			names = checks.list_names(message)
			self.check_names(response, "group list", names, self.groups)
			self.seen_groups = [n for n in names if n in self.groups] or self.seen_groups

	@task(3)
	def open_group(self):
		if MODE == "frappe":
			return self.todo_open("open group")
		if not self.seen_groups:
			return self.group_list()
		group = random.choice(self.seen_groups)
		result = self.call("frappe.desk.form.load.getdoc", "open group", {"doctype": GROUP, "name": group})
		if result:
			response, _ = result
			self.check_names(response, "open group", [response.json()["docs"][0]["name"]], self.groups)

	@task(3)
	def minutes_list(self):
		if MODE == "frappe":
			return self.todo_list("minutes list")
		result = self.list_of(MINUTES, ["name", "group", "status", "minute_taker"], "minutes list")
		if result:
			response, message = result
			rows = self.rows(message)
			found = checks.minutes_leaks(rows, self.email, self.groups, self.truth["coordinated"])
			if found:
				record_leak(response, self.email, "minutes list", found)
			final = [
				r["name"] for r in rows if r["status"] in checks.FINAL_MINUTES and r["name"] not in found
			]
			self.seen_minutes = final or self.seen_minutes

	@task(2)
	def open_minutes(self):
		if MODE == "frappe":
			return self.todo_open("open minutes")
		if not self.seen_minutes:
			return self.minutes_list()
		name = random.choice(self.seen_minutes)
		result = self.call("frappe.desk.form.load.getdoc", "open minutes", {"doctype": MINUTES, "name": name})
		if result:
			response, _ = result
			self.check_names(response, "open minutes", [response.json()["docs"][0]["group"]], self.groups)

	@task(1)
	def probe(self):
		if MODE == "frappe":
			return
		other = self.outside()
		if other:
			self.call(
				"frappe.desk.form.load.getdoc",
				"refused: other group",
				{"doctype": GROUP, "name": other},
				refused=True,
			)


class Coordinator(Participant):
	"""A group's coordinator: a participant's work, and minutes written and approved (the meeting was called
	by phone: the invitation's mail is not part of this load; the approval's mail with its PDF is)."""

	kind = "coordinator"
	weight = 4

	def on_start(self):
		super().on_start()
		# each simulated coordinator of one account keeps to its own quarter of the account's groups, so two
		# of them do not save the same group at once (a person works on one group at a time)
		slot = next(SLOTS.setdefault(self.email, itertools.count())) % 4
		groups = self.truth["work_groups"]
		self.my_groups = groups[slot::4] or groups

	@task(2)
	def write_and_approve(self):
		if not self.my_groups:
			return
		if MODE == "frappe":
			self.todo_save("new minutes")
			self.todo_save("start minutes", close=False, edit=True)
			self.todo_save("save minutes", close=False, edit=True)
			self.todo_save("approve minutes", close=True)
			return
		saved = self.call(
			"frappe.desk.form.save.savedocs",
			"new minutes",
			{"doc": json.dumps(new_minutes(random.choice(self.my_groups), self.email)), "action": "Save"},
			post=True,
		)
		if not saved:
			return
		started = self.call(
			"frappe.model.workflow.apply_workflow",
			"start minutes",
			{"doc": json.dumps(saved[0].json()["docs"][0]), "action": "Skriv referat"},
			post=True,
		)
		if not started:
			return
		saved = self.call(
			"frappe.desk.form.save.savedocs",
			"save minutes",
			{"doc": json.dumps(written(started[1])), "action": "Save"},
			post=True,
		)
		if saved:
			self.call(
				"frappe.model.workflow.apply_workflow",
				"approve minutes",
				{"doc": json.dumps(saved[0].json()["docs"][0]), "action": "Godkjenn"},
				post=True,
			)


SLOTS = {}


def day(offset: int) -> str:
	return time.strftime("%Y-%m-%d", time.localtime(time.time() + offset * 86400))


def new_minutes(group, coordinator):
	"""A meeting held yesterday, called by phone ten days before, as the coordinator registers it."""
	return {
		"doctype": MINUTES,
		"__islocal": 1,
		"name": f"new-meeting-minutes-{random.randrange(10**9)}",
		"group": group,
		"meeting_type": "Ordinary",
		"meeting_date": day(-1),
		"start_time": "10:00:00",
		"place": "Møterom Fjord, rådhuset",
		"called_outside_on": day(-10),
		"called_outside_how": "Phone",
		"called_outside_by": coordinator,
	}


def written(doc):
	"""The minutes written up after the meeting: who came, every agenda item, the conclusion, the next
	meeting."""
	for row in doc.get("participants", []):
		row["attendance"] = "Present"
	for row in doc.get("agenda", []):
		row["discussion"] = row.get("discussion") or "Gjennomgått; se konklusjonen."
	doc.update(
		conclusion="Enighet om tiltakene fram til neste møte.",
		previous_minutes_result="Approved",
		next_meeting_date=day(40),
		next_meeting_time="10:00:00",
		next_meeting_topic="Oppfølging av tiltakene",
	)
	return doc


class KE(DemoUser):
	"""The coordinating unit: the overview of every group."""

	kind = "ke"
	weight = 1

	@task(1)
	def overview(self):
		if MODE == "frappe":
			return self.todo_list("overview report")
		result = self.call(
			"frappe.desk.query_report.run",
			"overview report",
			{"report_name": "Responsibility Group Overview", "filters": json.dumps({"status": "All"})},
		)
		if result:
			response, message = result
			names = checks.report_names(message.get("result"))
			self.check_names(response, "overview report", names, self.groups)
			if not names:
				response.failure("the overview showed no group")

	@task(2)
	def group_list(self):
		if MODE == "frappe":
			return self.todo_list("group list")
		result = self.list_of(GROUP, ["name", "status", "service_user_name"], "group list")
		if result:
			response, message = result
			self.check_names(response, "group list", checks.list_names(message), self.groups)


# --- RQ's queues, and the verdict ----------------------------------------------------------------------


def redis_command(address, *words):
	"""One Redis command over a plain socket (RESP), its reply as a Python value."""
	host, port = address
	with socket.create_connection((host, port), timeout=5) as conn:
		conn.sendall(
			b"".join(
				[f"*{len(words)}\r\n".encode()] + [f"${len(w.encode())}\r\n{w}\r\n".encode() for w in words]
			)
		)
		reader = conn.makefile("rb")

		def read():
			line = reader.readline().rstrip(b"\r\n")
			kind, rest = line[:1], line[1:]
			if kind == b":":
				return int(rest)
			if kind == b"$":
				return None if int(rest) < 0 else reader.read(int(rest) + 2)[:-2].decode()
			if kind == b"*":
				return [read() for _ in range(int(rest))]
			return rest.decode()

		return read()


def sample_queues(address):
	while True:
		try:
			queues = [q for q in redis_command(address, "KEYS", "rq:queue:*") or [] if q]
			QUEUE_SAMPLES.append(sum(redis_command(address, "LLEN", q) or 0 for q in queues))
		except (OSError, ValueError):
			pass
		gevent.sleep(2)


@events.test_start.add_listener
def start_sampling(environment, **_):
	url = os.environ.get("LOAD_REDIS")
	if url:
		parsed = urlparse(url)
		gevent.spawn(sample_queues, (parsed.hostname, parsed.port or 6379))


@events.quitting.add_listener
def verdict(environment, **_):
	summary = {
		"mode": MODE,
		"hosts": HOSTS,
		"leaks": LEAKS,
		"deadlocks": DEADLOCKS,
		"queue": {
			"samples": len(QUEUE_SAMPLES),
			"max": max(QUEUE_SAMPLES, default=0),
			"mean": sum(QUEUE_SAMPLES) / len(QUEUE_SAMPLES) if QUEUE_SAMPLES else 0,
			"first": QUEUE_SAMPLES[0] if QUEUE_SAMPLES else 0,
			"last": QUEUE_SAMPLES[-1] if QUEUE_SAMPLES else 0,
		},
	}
	if os.environ.get("LOAD_SUMMARY"):
		Path(os.environ["LOAD_SUMMARY"]).write_text(json.dumps(summary, indent=1))
	queue = summary["queue"]
	print(f"leaks: {len(LEAKS)}; deadlocks tried again: {len(DEADLOCKS)}; RQ queue: max {queue['max']}")
	if LEAKS:
		print("LEAKS:", json.dumps(LEAKS[:20], indent=1))
		environment.process_exit_code = 2
