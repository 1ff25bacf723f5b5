"""After a log-in the browser goes only to a path on this site, however the target is written."""

import pytest

from ansvarsgruppe.rules.redirects import site_path

OFF_SITE = [
	"https://evil.example",
	"http://evil.example/mine-ansvarsgrupper",
	"//evil.example",
	"///evil.example",
	"/\\evil.example",
	"\\\\evil.example",
	"/\t/evil.example",
	"/%09/evil.example",
	"/\n/evil.example",
	"/\r\n/evil.example",
	"%2F%2Fevil.example",
	"%252F%252Fevil.example",
	"/%5Cevil.example",
	" //evil.example",
	"\x00//evil.example",
	"javascript:alert(1)",
	"JaVaScRiPt:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"evil.example",
	"mine-ansvarsgrupper",
	"／／evil.example",
	"/%00/x",
	"",
	None,
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_target_that_may_lead_off_the_site_is_refused(target):
	assert site_path(target) is None


def test_a_path_on_the_site_is_kept():
	assert site_path("/mine-ansvarsgrupper") == "/mine-ansvarsgrupper"
	assert site_path("/app/responsibility-group/AG-0001") == "/app/responsibility-group/AG-0001"
	assert (
		site_path("/app/responsibility-group?status=Active#x") == "/app/responsibility-group?status=Active#x"
	)
	assert site_path("/") == "/"


def test_a_path_comes_back_percent_encoded_and_reading_it_again_changes_nothing():
	assert site_path("/individuell-plan/Åse Ødegård") == "/individuell-plan/%C3%85se%20%C3%98deg%C3%A5rd"
	for target in ("/app/x y", "/%2561", "/a%zz", "/individuell-plan/Åse", "/app?a=1&b=%2F"):
		once = site_path(target)
		assert once is not None and site_path(once) == once, target


def test_encoded_layers_are_undone_before_the_check():
	assert site_path("%2Fmine-ansvarsgrupper") == "/mine-ansvarsgrupper"
	assert site_path("/%252e%252e/app") == "/../app"  # a path on this site, whatever it names
	assert site_path("%" + "25" * 4 + "2Fmine-ansvarsgrupper") == "/mine-ansvarsgrupper"  # five layers
	assert site_path("%" + "25" * 5 + "2Fmine-ansvarsgrupper") is None  # more than that: refused
