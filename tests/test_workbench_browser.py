"""The review workbench in a real browser: headless Chromium driven by selenium against a live
server, through whole episodes over the page's own WebSocket sessions.

Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); without them the
tests skip and say why. Screenshots land in `test-artifacts/` (git-ignored).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from python_env.server.tasks.loader import get_bank
from python_env.server.tasks.model import Task

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(os.environ.get("PYTHON_ENV_TEST_ARTIFACTS",
                                Path(__file__).resolve().parent.parent / "test-artifacts"))
WAIT_S = 30  # sandboxed runs on a loaded 2-core machine

if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("headless browser tests need Debian's chromium and chromium-driver "
                "(apt-get install -y chromium chromium-driver; .ci/run does it)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (dev group) is missing")

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1500,1000", "--no-first-run"):
        options.add_argument(arg)
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=options)
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver, condition, message: str):
    return WebDriverWait(driver, WAIT_S).until(condition, message)


def idle(driver) -> None:
    wait(driver, lambda d: d.execute_script(
        "return document.body.dataset.ready === 'true' && !document.body.classList.contains('busy')"),
        "the page stayed busy")


def open_page(driver, url: str) -> None:
    driver.get(f"{url}/review")
    idle(driver)


def start(driver, task: Task) -> None:
    index = get_bank().split(task.split).index(task)
    Select(driver.find_element(By.ID, "task-picker")).select_by_value(f"{task.split}:{index}")
    driver.find_element(By.ID, "start").click()
    wait(driver, lambda d: d.find_element(By.ID, "pr-meta").text.startswith(task.id),
         f"{task.id} did not start")
    idle(driver)


def line_cell(driver, path: str, line: int):
    return driver.find_element(
        By.CSS_SELECTOR, f'#code td.ln.clickable[data-file="{path}"][data-line="{line}"]')


def fill_finding(driver, title: str, category: str = "bug", severity: str = "major",
                 line: int | None = None, end_line: int | None = None) -> None:
    form = driver.find_element(By.CSS_SELECTOR, ".finding-form")
    for name, value in (("line", line), ("end_line", end_line)):
        if value is not None:
            field = form.find_element(By.NAME, name)
            field.clear()
            field.send_keys(str(value))
    Select(form.find_element(By.NAME, "category")).select_by_value(category)
    Select(form.find_element(By.NAME, "severity")).select_by_value(severity)
    form.find_element(By.NAME, "title").send_keys(title)
    form.find_element(By.NAME, "rationale").send_keys(f"{title}: found in the browser test")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    idle(driver)


def findings_listed(driver) -> list[str]:
    return [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#findings > li")]


def log_entries(driver) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#log .entry")]


def screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"workbench-{name}.png"
    assert driver.save_screenshot(str(path)), path
    return path


def edit_in_place(driver, task: Task, path: str) -> None:
    """Select the span where the reference differs from the head and type the new text."""
    old, new = task.head[path], task.fixed[path]
    prefix = 0
    while old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix] and suffix < len(old) - prefix:
        suffix += 1
    editor = driver.find_element(By.ID, "editor-text")
    driver.execute_script("arguments[0].focus(); arguments[0].setSelectionRange(arguments[1], "
                          "arguments[2]);", editor, prefix, len(old) - suffix)
    replacement = new[prefix:len(new) - suffix]
    editor.send_keys(replacement if replacement else Keys.DELETE)


def score_total(driver) -> str:
    wait(driver, lambda d: d.find_element(By.ID, "score").is_displayed(), "no score shown")
    return driver.find_element(By.ID, "score-total").text


def test_buggy_pr_flag_by_dragging_patch_by_editing_submit_and_see_the_breakdown(
        browser, server_url, example_task, request):
    task, issue = example_task, example_task.issues[0]
    open_page(browser, server_url)
    start(browser, task)
    # The diff shows the head's real line numbers, highlighted.
    cell = line_cell(browser, issue.file, issue.start_line)
    code = cell.find_element(By.XPATH, "following-sibling::td[1]")
    assert code.text == task.head[issue.file].splitlines()[issue.start_line - 1]
    assert code.find_elements(By.CSS_SELECTOR, "span.k, span.nf, span.bp, span.o")

    # Drag across the issue's lines: the inline form opens with that range.
    ActionChains(browser).click_and_hold(cell).move_to_element(
        line_cell(browser, issue.file, issue.end_line)).release().perform()
    form = browser.find_element(By.CSS_SELECTOR, ".finding-form")
    assert form.find_element(By.NAME, "line").get_attribute("value") == str(issue.start_line)
    assert form.find_element(By.NAME, "end_line").get_attribute("value") == str(issue.end_line)
    fill_finding(browser, "has_next is wrong on the last page", issue.category, issue.severity)
    assert len(findings_listed(browser)) == 1
    card = browser.find_element(By.CSS_SELECTOR, "#code tr.finding-row")
    assert "has_next is wrong on the last page" in card.text
    # A second finding, on a line the PR did not break: it must come out as a false positive.
    line_cell(browser, issue.file, 14).click()
    fill_finding(browser, "pages() looks odd", "maintainability", "minor")
    assert len(findings_listed(browser)) == 2

    # Run the visible tests and the analysers: both outputs stay in the log.
    before = len(log_entries(browser))
    browser.find_element(By.ID, "run-tests").click()
    idle(browser)
    browser.find_element(By.ID, "run-static").click()
    idle(browser)
    entries = log_entries(browser)
    assert len(entries) == before + 2
    assert "run tests" in entries[-2] and "static analysis" in entries[-1]

    # Patch by editing the file in place; the page sends a unified diff.
    browser.find_element(By.CSS_SELECTOR, f'#file-tree li[data-path="{issue.file}"]').click()
    browser.find_element(By.ID, "edit-btn").click()
    edit_in_place(browser, task, issue.file)
    browser.find_element(By.ID, "propose").click()
    idle(browser)
    assert browser.find_element(By.ID, "banner").text == ""
    proposed, shown = log_entries(browser)[-2:]
    assert f"patched {issue.file}" in proposed
    assert f"your patch to {issue.file}" in shown and f"+++ b/{issue.file}" in shown
    assert "patched" in browser.find_element(
        By.CSS_SELECTOR, f'#file-tree li[data-path="{issue.file}"]').text
    patch_rows = browser.find_elements(By.CSS_SELECTOR, "#code table.diff")[0].text
    assert task.head[issue.file].splitlines()[issue.end_line - 1].strip() in patch_rows
    assert task.fixed[issue.file].splitlines()[issue.end_line - 1].strip() in patch_rows

    browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=request_changes]").click()
    browser.find_element(By.ID, "submit").click()
    total = score_total(browser)
    assert re.fullmatch(r"\d\.\d{3}", total) and float(total) > 0.5, total
    # The parts add up to the total shown, each with its weight, to 3 decimals.
    parts = [re.search(r"(\d\.\d{3}) \u00d7 (\d\.\d{3}) = (\d\.\d{3})", row.text)
             for row in browser.find_elements(By.CSS_SELECTOR, "#score tr[data-part]")]
    assert len(parts) == 3 and all(parts)
    assert abs(sum(float(m[3]) for m in parts) - float(total)) < 0.002
    assert all(abs(float(m[1]) * float(m[2]) - float(m[3])) < 0.002 for m in parts)
    facts = browser.find_element(By.CSS_SELECTOR, "#score dl.facts").text
    assert re.search(r"ok · fail-to-pass (\d+)/\1 · pass-to-pass (\d+)/\2", facts), facts
    assert "request_changes · correct" in facts
    # The matched finding is marked on its line, in the file view.
    assert len(browser.find_elements(By.CSS_SELECTOR, "#code tr.finding-row.matched")) == 1
    false_positive = browser.find_element(By.CSS_SELECTOR, "#code tr.finding-row.false-positive")
    assert "pages() looks odd" in false_positive.text and "false positive" in false_positive.text
    assert "1 matched · 1 false positive(s)" in facts
    assert browser.find_elements(By.CSS_SELECTOR, f"#code tr.row.matched td.ln[data-line='"
                                                  f"{issue.start_line}']")
    screenshot(browser, "buggy-scored")


def test_clean_pr_approved(browser, server_url, clean_task):
    open_page(browser, server_url)
    start(browser, clean_task)
    assert browser.find_elements(By.CSS_SELECTOR, "#code tr.hunk-header")
    browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=approve]").click()
    browser.find_element(By.ID, "submit").click()
    total = score_total(browser)
    assert re.fullmatch(r"\d\.\d{3}", total) and float(total) > 0.9, total
    facts = browser.find_element(By.CSS_SELECTOR, "#score dl.facts").text
    assert "approve · correct" in facts and "no patch proposed" in facts
    screenshot(browser, "clean-approved")


def test_two_tabs_do_not_share_findings(browser, server_url, example_task):
    path = example_task.changed_files[0]
    open_page(browser, server_url)
    first = browser.current_window_handle
    start(browser, example_task)
    # Keyboard: j goes to the first hunk, c opens a finding on its first changed line.
    browser.find_element(By.TAG_NAME, "body").send_keys("j")
    browser.find_element(By.TAG_NAME, "body").send_keys("c")
    fill_finding(browser, "seen in tab A")
    assert [t for t in findings_listed(browser) if "seen in tab A" in t]

    browser.switch_to.new_window("tab")
    try:
        open_page(browser, server_url)
        start(browser, example_task)
        assert findings_listed(browser) == []
        line_cell(browser, path, 14).click()
        fill_finding(browser, "seen in tab B", severity="minor")
        listed = findings_listed(browser)
        assert len(listed) == 1 and "seen in tab B" in listed[0]
        browser.find_element(By.CSS_SELECTOR, "#findings li button").click()  # remove
        idle(browser)
        assert findings_listed(browser) == []
    finally:
        browser.close()
        browser.switch_to.window(first)
    browser.find_element(By.ID, "hint").click()  # a fresh observation from tab A's session
    idle(browser)
    listed = findings_listed(browser)
    assert len(listed) == 1 and "seen in tab A" in listed[0]


def test_a_line_past_the_end_of_the_file_gets_a_clear_message(browser, server_url, example_task):
    path = example_task.changed_files[0]
    length = len(example_task.head[path].splitlines())
    open_page(browser, server_url)
    start(browser, example_task)
    line_cell(browser, path, 14).click()
    fill_finding(browser, "out of range", line=length + 50, end_line=length + 50)
    error = browser.find_element(By.CSS_SELECTOR, ".finding-form .form-error").text
    assert f"{path} has {length} lines" in error and "past" in error, error
    assert error in browser.find_element(By.ID, "banner").text
    assert findings_listed(browser) == []
    # What was typed is kept, so the person fixes the line and retries.
    form = browser.find_element(By.CSS_SELECTOR, ".finding-form")
    assert form.find_element(By.NAME, "title").get_attribute("value") == "out of range"
    screenshot(browser, "line-past-the-end")
    started = time.monotonic()
    for name in ("line", "end_line"):
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(str(length))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    idle(browser)
    assert len(findings_listed(browser)) == 1 and time.monotonic() - started < WAIT_S


def test_an_expired_session_says_so_and_starting_again_recovers(browser, example_task):
    from python_env.server.app import build_app

    from .conftest import serve

    with serve(build_app(session_timeout=1.0)) as url:  # the reaper looks every 5 s
        open_page(browser, url)
        start(browser, example_task)
        line_cell(browser, example_task.changed_files[0], 14).click()
        fill_finding(browser, "before the timeout")
        time.sleep(7)
        browser.find_element(By.ID, "run-tests").click()
        idle(browser)
        message = browser.find_element(By.ID, "banner").text
        assert "closed" in message and "idle" in message, message
        start(browser, example_task)  # a new connection, hence a new environment
        assert findings_listed(browser) == [] and browser.find_element(By.ID, "banner").text == ""
        browser.find_element(By.ID, "run-tests").click()
        idle(browser)
        assert "passed" in log_entries(browser)[-1], log_entries(browser)[-1]
