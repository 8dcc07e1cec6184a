"""axe-core on the public pages: no serious or critical violations."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E

pytestmark = E2E

SEED_URL = "/blogg/erfarenhetsutbyte-hur-bestallarnatverk-kan-driva-innovation-och-samarbete/"


@pytest.mark.parametrize(
    "path",
    ["/", "/blogg/", SEED_URL, "/natverk/bebo/"],
    ids=["home", "blog-index", "seed-post", "network-profile"],
)
def test_page_has_no_serious_violations(page, axe, path):
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    axe(page)


def test_seed_post_with_comment_form_errors_has_no_serious_violations(page, axe):
    page.goto(SEED_URL)
    form = page.locator("form").filter(has=page.get_by_role("button", name="Skicka kommentar"))
    expect(form).to_be_visible()
    form.get_by_role("button", name="Skicka kommentar").click()
    expect(form.get_by_role("alert").first).to_be_visible()
    for message in ("Skriv ditt namn.", "Skriv din e-postadress.", "Skriv en kommentar.",
                    "Du behöver godkänna hur vi hanterar dina personuppgifter."):
        expect(form.get_by_text(message)).to_be_visible()
    axe(page, label="the seed post after submitting the empty comment form")


def test_search_page_has_no_serious_violations(page, axe, search_index):
    response = page.goto("/sok/?q=nätverk")
    assert response.status == 200, f"/sok/ answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator("mark").first).to_be_visible()
    axe(page)
