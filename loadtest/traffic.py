"""Simulated readers: page views, API reads and comments (the HTML form and the JSON API), each user behind its
own X-Forwarded-For addresses so the per-IP limits see many clients. Every answer is recorded."""

import asyncio
import random
import re
import time
from dataclasses import dataclass, field

import httpx

SEARCH_WORDS = ["innovation", "energi", "beställarnätverk", "bestallarnatverk", "upphandling", "dialog", "sjukhus",
                "lokaler", "nätverk", "workshop", "innovatoin", "BeBo"]
SUGGEST_PREFIXES = ["inn", "bes", "ene", "upp", "dia", "be"]
SEARCH_ROUTES = {"GET /sok/", "GET /api/search/", "GET /api/search/suggest/"}
COMMENT_ROUTES = {"POST /kommentarer/skicka/", "POST /api/comments/"}
DATABASE_DOWN = "Tjänsten är tillfälligt otillgänglig"
SEARCH_DOWN = "Sökningen är tillfälligt otillgänglig"

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TS_INPUT = re.compile(r'name="ts" value="([^"]+)"')
PAGE_INPUT = re.compile(r'name="page" value="(\d+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


@dataclass
class Sample:
    route: str
    status: int | str  # an HTTP status, or "ERR <exception>" when no answer came
    start: float
    end: float
    unavailable: str = ""  # for a 503: "database", "search" or "malformed" (what the body and headers say)


@dataclass
class Catalog:
    posts: list[tuple[int, str]]  # (page id, path)
    networks: list[str]


@dataclass
class Run:
    base_url: str
    catalog: Catalog
    marker_prefix: str
    t0: float = field(default_factory=time.monotonic)
    samples: list[Sample] = field(default_factory=list)
    accepted: dict[str, str] = field(default_factory=dict)  # marker -> route that accepted it
    stopping: bool = False
    elapsed: float = 0.0

    def now(self) -> float:
        return time.monotonic() - self.t0


def classify_unavailable(route: str, response: httpx.Response) -> str:
    body = response.text
    if route.startswith("GET /api/") or route.startswith("POST /api/"):
        if not response.headers.get("content-type", "").startswith("application/json"):
            return "malformed"
        try:
            body = response.json().get("message", "")
        except ValueError:
            return "malformed"
    if SEARCH_DOWN in body and route in SEARCH_ROUTES:
        return "search"
    if DATABASE_DOWN in body and response.headers.get("retry-after"):
        return "database"
    return "malformed"


async def discover(base_url: str, skip_slug: str) -> Catalog:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        posts = (await client.get("/api/v2/pages/", params={"type": "blog.BlogPostPage", "fields": "slug",
                                                            "limit": 100})).json()["items"]
        networks = (await client.get("/api/v2/pages/", params={"type": "blog.NetworkProfilePage", "fields": "slug",
                                                               "limit": 100})).json()["items"]
    return Catalog(posts=[(post["id"], f"/blogg/{post['meta']['slug']}/") for post in posts
                          if post["meta"]["slug"] != skip_slug],
                   networks=[f"/natverk/{network['meta']['slug']}/" for network in networks])


class User:
    def __init__(self, run: Run, index: int):
        self.run = run
        self.index = index
        self.rng = random.Random(index)
        # One user in ten is a chatty client that keeps its address (and meets the per-IP and per-email limits);
        # the others move to a new address every 15–30 requests, like many readers behind one load balancer.
        self.chatty = index % 10 == 0
        self.ip_serial = 0
        self.requests_left_on_ip = 0
        self.ip = ""
        self.form: dict | None = None
        self.api_form: dict | None = None
        self.comments = 0

    def _next_ip(self) -> None:
        if self.requests_left_on_ip > 0 or (self.chatty and self.ip):
            self.requests_left_on_ip -= 1
            return
        self.ip_serial += 1
        self.ip = f"10.{self.index % 250}.{self.ip_serial // 250 % 250}.{self.ip_serial % 250 + 1}"
        self.requests_left_on_ip = self.rng.randint(15, 30)

    @property
    def email(self) -> str:
        return f"lasare-{self.ip.replace('.', '-')}@example.se"

    def marker(self) -> str:
        self.comments += 1
        return f"{self.run.marker_prefix}u{self.index}n{self.comments}"

    async def request(self, client: httpx.AsyncClient, route: str, method: str, url: str, **kwargs):
        self._next_ip()
        headers = {"X-Forwarded-For": self.ip, **kwargs.pop("headers", {})}
        start = self.run.now()
        try:
            response = await client.request(method, url, headers=headers, **kwargs)
        except httpx.HTTPError as error:
            self.run.samples.append(Sample(route, f"ERR {type(error).__name__}", start, self.run.now()))
            return None
        sample = Sample(route, response.status_code, start, self.run.now())
        if response.status_code == 503:
            sample.unavailable = classify_unavailable(route, response)
        self.run.samples.append(sample)
        return response

    async def view_post(self, client):
        page_id, path = self.rng.choice(self.run.catalog.posts)
        response = await self.request(client, "GET /blogg/<inlägg>/", "GET", path)
        if response is None or response.status_code != 200:
            return
        cookie = CSRF_COOKIE.search(";".join(response.headers.get_list("set-cookie")))
        token, ts, page = CSRF_INPUT.search(response.text), TS_INPUT.search(response.text), PAGE_INPUT.search(response.text)
        if cookie and token and ts and page:
            self.form = {"path": path, "cookie": cookie.group(1), "token": token.group(1), "ts": ts.group(1),
                         "page": page.group(1), "at": time.monotonic()}

    async def post_form(self, client):
        # The form refuses a post sent sooner than 2 s after it was rendered (a bot check): readers take longer.
        if self.form is None or time.monotonic() - self.form["at"] < 2.2:
            return await self.view_post(client)
        form, self.form = self.form, None
        marker = self.marker()
        data = {"csrfmiddlewaretoken": form["token"], "page": form["page"], "ts": form["ts"], "parent": "",
                "website": "", "name": f"Läsare {self.index}", "email": self.email, "consent": "on",
                "text": f"Intressant inlägg, tack! Lasttestets markör {marker}."}
        headers = {"Cookie": f"csrftoken={form['cookie']}", "Referer": self.run.base_url + form["path"]}
        response = await self.request(client, "POST /kommentarer/skicka/", "POST", "/kommentarer/skicka/",
                                      data=data, headers=headers)
        if response is not None and response.status_code == 302 and "kommentar=" in response.headers["location"]:
            self.run.accepted[marker] = "form"

    async def fetch_api_token(self, client):
        page_id, _ = self.rng.choice(self.run.catalog.posts)
        response = await self.request(client, "GET /api/comments/form-token/", "GET", "/api/comments/form-token/",
                                      params={"page": page_id})
        if response is not None and response.status_code == 200:
            self.api_form = {"page": page_id, "token": response.json()["form_token"], "at": time.monotonic()}

    async def post_api(self, client):
        # A headless front end fetches a form token first and, like the HTML form, may not send it within 2 s.
        if self.api_form is None or time.monotonic() - self.api_form["at"] < 2.2:
            return await self.fetch_api_token(client)
        form, self.api_form = self.api_form, None
        marker = self.marker()
        payload = {"page": form["page"], "form_token": form["token"], "website": "", "name": f"Läsare {self.index}",
                   "email": self.email, "consent": True,
                   "text": f"En fråga till skribenten. Lasttestets markör {marker}."}
        response = await self.request(client, "POST /api/comments/", "POST", "/api/comments/", json=payload)
        if response is not None and response.status_code == 202:
            self.run.accepted[marker] = "api"

    async def act(self, client):
        rng, catalog = self.rng, self.run.catalog
        choice = rng.choices(
            ["home", "blog", "post", "networks", "network", "search", "api_pages", "api_page", "api_comments",
             "api_search", "api_suggest", "form", "api_post"],
            weights=[8, 8, 18, 3, 5, 8, 6, 5, 6, 6, 6, 6, 4])[0]
        if choice == "home":
            await self.request(client, "GET /", "GET", "/")
        elif choice == "blog":
            await self.request(client, "GET /blogg/", "GET", "/blogg/")
        elif choice == "post":
            await self.view_post(client)
        elif choice == "networks":
            await self.request(client, "GET /natverk/", "GET", "/natverk/")
        elif choice == "network":
            await self.request(client, "GET /natverk/<nätverk>/", "GET", rng.choice(catalog.networks))
        elif choice == "search":
            await self.request(client, "GET /sok/", "GET", "/sok/", params={"q": rng.choice(SEARCH_WORDS)})
        elif choice == "api_pages":
            await self.request(client, "GET /api/v2/pages/", "GET", "/api/v2/pages/",
                               params={"type": "blog.BlogPostPage", "fields": "*"})
        elif choice == "api_page":
            await self.request(client, "GET /api/v2/pages/<id>/", "GET", f"/api/v2/pages/{rng.choice(catalog.posts)[0]}/")
        elif choice == "api_comments":
            await self.request(client, "GET /api/comments/", "GET", "/api/comments/",
                               params={"page": rng.choice(catalog.posts)[0]})
        elif choice == "api_search":
            await self.request(client, "GET /api/search/", "GET", "/api/search/", params={"q": rng.choice(SEARCH_WORDS)})
        elif choice == "api_suggest":
            await self.request(client, "GET /api/search/suggest/", "GET", "/api/search/suggest/",
                               params={"q": rng.choice(SUGGEST_PREFIXES)})
        elif choice == "form":
            await self.post_form(client)
        else:
            await self.post_api(client)

    async def live(self):
        limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
        async with httpx.AsyncClient(base_url=self.run.base_url, timeout=30, limits=limits) as client:
            await asyncio.sleep(self.rng.uniform(0, 1))
            while not self.run.stopping:
                await self.act(client)
                await asyncio.sleep(self.rng.uniform(0.05, 0.3))  # a reader's pause between two clicks
