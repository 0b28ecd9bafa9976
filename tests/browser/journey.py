"""One journey through the pages as people take it: each person in a browser context of their own, signed in
through the real login form; a screenshot of every step under test-artifacts/browser/<journey>/NN-name.png, and
on every page shot the checks a person relies on without knowing it:

- accessibility: axe-core (from node_modules, the version package.json pins) on WCAG 2.1 A/AA; a serious or
  critical violation fails the journey; keyboard focus must be visible on the first elements Tab reaches;
- nothing loads from outside this machine (every request off the test server is refused and reported);
- no script error and no console error (a Content-Security-Policy refusal shows there too).
"""

import shutil
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PASSWORD = "pw-for-tests-123"  # tests.factories.UserFactory
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""

# The focused element after a Tab: is there a visible outline (or, for an element styled otherwise, a box shadow)?
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return {shown: outline || style.boxShadow !== "none", what: el.outerHTML.slice(0, 80)};
}"""


class Journey:
    def __init__(self, name: str, new_context, origin: str):
        self.name, self._new_context, self._origin = name, new_context, origin
        self.folder = ARTIFACTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self._shots = 0
        self.problems: list[str] = []
        self.violations: list[str] = []

    def person(self, label: str) -> Page:
        """A new browser context (its own cookies) and page for one person of the journey."""
        context = self._new_context()
        context.route("**/*", self._this_machine_only)
        page = context.new_page()
        page.on("console", lambda m: self._console(label, m))
        page.on("pageerror", lambda error: self.problems.append(f"{label}: script error: {error}"))
        return page

    def _console(self, label: str, message) -> None:
        if message.type == "error":
            self.problems.append(f"{label}: console error: {message.text} ({message.location.get('url', '')})")

    def _this_machine_only(self, route) -> None:
        url = route.request.url
        if url.startswith(self._origin + "/"):
            route.continue_()
        else:
            self.problems.append(f"request leaving the machine refused: {url}")
            route.abort()

    def sign_in(self, page: Page, username: str, *, shot: bool = False) -> None:
        """Through the login form, as a person types it."""
        page.goto("/login/")
        if shot:
            self.shot(page, "sign-in")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/login/" not in url)

    def shot(self, page: Page, name: str) -> None:
        """Screenshot the page as the next numbered step, then check it."""
        page.wait_for_load_state()
        self._shots += 1
        page.screenshot(path=self.folder / f"{self._shots:02d}-{name}.png", full_page=True)
        self.check_accessibility(page, name)

    def check_accessibility(self, page: Page, name: str) -> None:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Through the debugging protocol: the page's CSP rightly refuses an inline <script> (add_script_tag).
            page.evaluate(AXE.read_text(encoding="utf-8"))
        for found in page.evaluate(AXE_RUN, AXE_TAGS):
            if found["impact"] in BLOCKING:
                where = ", ".join(found["targets"])
                self.violations.append(f"{name}: {found['id']} ({found['impact']}) {found['help']} at {where}")
        self.check_focus_visible(page, name)

    def check_focus_visible(self, page: Page, name: str, stops: int = 6) -> None:
        """Tab from the top of the page: each element reached shows where the focus is."""
        page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
        for _ in range(stops):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_SHOWN)
            if focus is not None and not focus["shown"]:
                self.violations.append(f"{name}: keyboard focus not visible on {focus['what']}")
        page.evaluate("() => document.activeElement && document.activeElement.blur()")

    def download(self, page: Page, link, name: str):
        """Click a download link; the file is kept with the screenshots. Returns (suggested filename, bytes)."""
        with page.expect_download() as started:
            link.click()
        download = started.value
        self._shots += 1
        path = self.folder / f"{self._shots:02d}-{name}{Path(download.suggested_filename).suffix}"
        download.save_as(path)
        return download.suggested_filename, path.read_bytes()

    def finish(self) -> None:
        assert not self.violations, "accessibility:\n" + "\n".join(self.violations)
        assert not self.problems, "\n".join(self.problems)
