"""The journey harness: a user's walk through the site in a real browser, checked at every step.

Each ``step()`` waits for the page to settle, saves a screenshot under
``test-artifacts/<journey>/NN-<step>.png`` and fails the test when the page shows

- a visible English word outside ``ALLOWED_WORDS`` (the text, the window title, placeholders and
  button labels; codes, 索引号, e-mail addresses, file names and paths are not words),
- an error: a document navigation answered with status ≥ 400, or a text such as 没有权限 or
  Server Error,

and, at any moment of the journey, when the browser sent a request to a host other than the live
server (the system runs on an offline intranet: no CDN, no Gravatar, no update check).
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

# Abbreviations and names users see in Chinese interfaces too.
ALLOWED_WORDS = {
    "api",
    "avif",
    "bmp",
    "csv",
    "doc",
    "docx",
    "excel",
    "gb",
    "gif",
    "heic",
    "html",
    "id",
    "jpeg",
    "jpg",
    "json",
    "kb",
    "mb",
    "ofd",
    "pdf",
    "png",
    "svg",
    "tif",
    "tiff",
    "url",
    "webp",
    "word",
    "wps",
    "xls",
    "xlsx",
    "zip",
}
ERROR_TEXTS = ("没有权限", "Server Error", "服务器错误", "Page not found", "页面不存在", "Traceback", "Forbidden")
TOKEN = re.compile(r"[\x21-\x7e]+")  # a run of printable ASCII: a word, a code, an address, a path
# Request tracking codes (XXXX-XXXX-XXXX-XXXX) and question codes (ZX + 10 of
# interaction.models.questions.CODE_ALPHABET, which may happen to hold no digit at all).
TRACKING_CODE = re.compile(r"^([A-Z0-9]{4}(-[A-Z0-9]{4}){3}|ZX[A-HJ-NP-Z2-9]{10})$")
LOCAL_SCHEMES = {"data", "blob", "about", "javascript"}

# The text a person can see (screen-reader-only text included): the window title, every rendered
# text node (of a <select> only its chosen option), placeholders and button labels.
VISIBLE_TEXT_JS = """() => {
  const shown = (el) => el.checkVisibility({visibilityProperty: true});
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, noscript, template, select') || !shown(parent)) continue;
    texts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('select')) {
    if (shown(el) && el.selectedOptions.length) texts.push(el.selectedOptions[0].textContent);
  }
  for (const el of document.querySelectorAll(
      'input[placeholder], textarea[placeholder], input[type=submit], input[type=button]')) {
    if (shown(el)) texts.push(el.getAttribute('placeholder') || el.value || '');
  }
  return texts.join('\\n');
}"""


def english_words(text):
    """Visible English words of ``text`` that are not in the allow-list (sorted, unique)."""
    found = set()
    for token in TOKEN.findall(text):
        token = token.strip(".,;:!?()[]{}'\"")
        if (
            not token
            or TRACKING_CODE.match(token)
            or any(c.isdigit() for c in token)  # 索引号, dates, codes, sizes
            or any(c in token for c in "@/_.\\")  # e-mail, paths, file names, user names
        ):
            continue
        found.update(w for w in re.findall(r"[A-Za-z]{2,}", token) if w.lower() not in ALLOWED_WORDS)
    return sorted(found)


class Journey:
    def __init__(self, context, live_url, name, artifacts):
        self.context = context
        self.live_url = live_url.rstrip("/")
        self.host = urlsplit(self.live_url).netloc
        self.directory = Path(artifacts) / name
        self.directory.mkdir(parents=True, exist_ok=True)
        for old in self.directory.glob("*.png"):
            old.unlink()
        self.steps = 0
        self.outside = []
        self.failed_documents = []
        context.on("request", self._on_request)
        self.page = context.new_page()
        self.page.on("response", self._on_response)

    # -- what the browser does -----------------------------------------------------------

    def _on_request(self, request):
        url = urlsplit(request.url)
        if url.scheme not in LOCAL_SCHEMES and url.netloc != self.host:
            self.outside.append(request.url)

    def _on_response(self, response):
        request = response.request
        if request.resource_type == "document" and response.status >= 400:
            self.failed_documents.append(f"{response.status} {request.method} {response.url}")

    # -- the journey -----------------------------------------------------------------------

    def goto(self, path, label=None):
        self.page.goto(self.live_url + path)
        if label:
            self.step(label)

    def login(self, username, password, label="登录"):
        self.goto("/admin/login/")
        self.step(f"{label}-登录页")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.locator("form.login-form button[type=submit]").click()
        self.page.wait_for_url(self.live_url + "/admin/")
        self.step(f"{label}-工作台")

    def step(self, label):
        """Check the page as it is now and keep its screenshot; returns the visible text."""
        self.page.wait_for_load_state("networkidle")
        self.steps += 1
        path = self.directory / f"{self.steps:02d}-{label}.png"
        self._screenshot(path)
        text = self.page.evaluate(VISIBLE_TEXT_JS)
        problems = []
        if words := english_words(text):
            problems.append(f"English words: {words}")
        if errors := [t for t in ERROR_TEXTS if t in text]:
            problems.append(f"error texts: {errors}")
        if self.failed_documents:
            problems.append(f"error pages: {self.failed_documents}")
        if self.outside:
            problems.append(f"requests to other hosts: {sorted(set(self.outside))}")
        assert not problems, f"step {self.steps} 「{label}」 at {self.page.url} ({path.name}): " + "; ".join(problems)
        return text

    def _screenshot(self, path):
        # Wagtail's admin scrolls inside its layout, not the document: grow the viewport to the content.
        viewport = self.page.viewport_size
        height = self.page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('body, body *')].map(e => e.scrollHeight))"
        )
        self.page.set_viewport_size({"width": viewport["width"], "height": min(max(height, viewport["height"]), 8000)})
        self.page.screenshot(path=str(path), full_page=True)
        self.page.set_viewport_size(viewport)

    def close(self):
        self.context.close()


# -- steps several journeys share ---------------------------------------------------------------


def login(journey, user, label):
    journey.login(user.username, f"pw-{user.username}", label)


def footer_action(page, name):
    """A button of the editor's footer menu (the ones after the first are in its drop-up)."""
    button = page.locator(f"footer button[name='{name}'], footer button[data-workflow-action-name='{name}']").first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.click()


def submit_request_form(page):
    """Fill every required field of the open 依申请公开 form by its visible label (as 赵六, a
    natural person), submit it and wait for the receipt."""
    page.get_by_label("自然人").check()
    page.get_by_label("申请人姓名或名称").fill("赵六")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill("110105199001011234")
    page.get_by_label("联系电话").fill("13800001234")
    page.get_by_label("电子邮箱").fill("zhao@example.com")
    page.get_by_label("通信地址").fill("测试镇和平路1号")
    page.get_by_label("所需政府信息的内容描述").fill("2025年本镇农村危房改造补助资金发放名单")
    page.get_by_label("获取信息的载体形式").select_option("electronic")
    page.get_by_label("获取信息的方式").select_option("email")
    page.get_by_label("本人承诺所填信息真实有效").check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/yishenqing/huizhi/")
