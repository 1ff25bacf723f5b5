"""R19, R5: the rules of messages and their documents (framework-free)."""

import datetime

from ansvarsgruppe.rules import messages as rules

PDF = b"%PDF-1.7\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00"
EXE = b"MZ\x90\x00"


def test_r19_the_type_is_read_from_the_content_not_the_name():
	assert [rules.document_type(c) for c in (PDF, JPEG, PNG, EXE, b"")] == ["PDF", "JPEG", "PNG", None, None]
	assert rules.document_problem("program.pdf", EXE).rule == "R19"
	assert rules.document_problem("brev.pdf", PDF) is None
	assert rules.stored_file_name("bilde.pdf", "PNG") == "bilde.png"
	assert rules.stored_file_name("IMG_1.JPEG", "JPEG") == "IMG_1.JPEG"


def test_r19_empty_and_too_large_documents_are_refused():
	assert rules.document_problem("tom.pdf", b"").message == "The file {file} is empty."
	big = PDF + b"0" * rules.MAX_DOCUMENT_BYTES
	assert "larger" in rules.document_problem("stor.pdf", big).message
	assert rules.document_problem("akkurat.pdf", PDF + b"0" * (rules.MAX_DOCUMENT_BYTES - len(PDF))) is None
	assert len(rules.documents_problems([("a.pdf", PDF)] * (rules.MAX_DOCUMENTS + 1))) == 1


def test_r5_only_the_family_writes_to_the_coordinator_only():
	base = {"text": "Hei", "group_open": True, "takes_part": True}
	assert rules.message_problems({**base, "only_to_coordinator": True, "from_family": True}, True) == []
	assert rules.message_problems({**base, "only_to_coordinator": True}, True)
	assert (
		rules.message_problems(
			{**base, "only_to_coordinator": True, "from_coordinator": True, "reply_private": True}, True
		)
		== []
	)
	assert rules.message_problems({**base, "takes_part": False}, True)
	assert rules.message_problems({**base, "group_open": False}, True)
	assert rules.message_problems({**base, "text": "  "}, True)


def test_r19_a_sent_message_only_changes_by_its_senders_withdrawal():
	before = {"sender": "a", "text": "Hei", "withdrawn": 0, "withdrawn_by": None, "withdrawn_on": None}
	assert rules.change_problem(before, dict(before)) is None
	assert rules.change_problem(before, {**before, "text": "Endret"})
	assert (
		rules.change_problem(before, {**before, "withdrawn": 1, "withdrawn_by": "a", "withdrawn_on": "x"})
		is None
	)
	assert rules.change_problem(before, {**before, "withdrawn": 1, "withdrawn_by": "b", "withdrawn_on": "x"})
	withdrawn = {**before, "withdrawn": 1, "withdrawn_by": "a", "withdrawn_on": "x"}
	assert rules.change_problem(withdrawn, {**withdrawn, "withdrawn": 0})


def test_r19_a_withdrawn_message_is_read_by_its_sender_and_the_coordinator_only():
	assert rules.reads_withdrawn("mor", "mor", "koordinator")
	assert rules.reads_withdrawn("koordinator", "mor", "koordinator")
	assert not rules.reads_withdrawn("far", "mor", "koordinator")
	assert not rules.reads_withdrawn("far", "mor", None)
	assert not rules.reads_withdrawn(None, None, None)


def test_at_most_one_notice_an_hour():
	t = datetime.datetime(2026, 12, 1, 10, 0)
	assert rules.notice_due(None, t)
	assert not rules.notice_due(t, t + datetime.timedelta(minutes=59))
	assert rules.notice_due(t, t + datetime.timedelta(minutes=60))
