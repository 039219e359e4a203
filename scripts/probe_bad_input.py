"""Send bad input to a running Agora and count the answers that are server errors.

    .venv/bin/python scripts/probe_bad_input.py --base http://127.0.0.1:8000

It signs in as the demo accounts (password `agora-demo`), then:

- for every operation of API v1 (read from /api/v1/schema/), sends path parameters,
  query parameters and bodies from the families of bad input below, as JSON, as a
  form, and as malformed JSON;
- for every form it finds on the pages it can reach (a bounded crawl of each
  account's pages), submits each field with each bad value, the others as the page
  filled them.

It only talks to the address given, which must be on this machine, and every loop is
bounded. It prints each answer of 500 or more and a count per status class; the exit
status is 1 when there was any.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from urllib.parse import urljoin, urlparse

import httpx
from bs4 import BeautifulSoup

BAD_VALUES = [
    "abc",
    "",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "2024-02-30",
    "2024-02-30T10:00:00",
    ">",
    "x" * 70_000,
    "' OR 1=1 --",
    '=HYPERLINK("http://example.org")',
    "\u202e\u0000",
    "../../etc/passwd",
]
ACCOUNTS = [
    "buyer@demo.agora.test",
    "approver@demo.agora.test",
    "enterprise@demo.agora.test",
    "vendor@demo.agora.test",
    "curator@demo.agora.test",
]
START_PAGES = [
    "/",
    "/search/?q=camera",
    "/search/saved/",
    "/compare/",
    "/packages/",
    "/quotes/",
    "/orders/",
    "/approvals/",
    "/subscriptions/",
    "/notifications/",
    "/notifications/preferences/",
    "/account/",
    "/account/organization/settings/",
    "/account/organization/members/",
    "/vendor/",
    "/vendor/orders/",
    "/vendor/subscriptions/",
    "/vendor/webhooks/",
    "/vendor/listings/new/",
]
SKIP_ACTIONS = ("logout", "/i18n/", "delete", "revoke")


class Probe:
    def __init__(self, base: str, max_requests: int) -> None:
        host = urlparse(base).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("The probe only talks to this machine.")
        self.base = base.rstrip("/")
        self.max_requests = max_requests
        self.sent = 0
        self.statuses: Counter[str] = Counter()
        self.errors: list[str] = []

    def send(self, client: httpx.Client, method: str, url: str, **kwargs) -> None:
        if self.sent >= self.max_requests:
            return
        try:
            request = client.build_request(method, url, **kwargs)
        except httpx.InvalidURL:
            # Longer than any URL a client can send (64 KB): nothing to try.
            return
        self.sent += 1
        try:
            response = client.send(request)
        except httpx.HTTPError as error:
            self.statuses["error"] += 1
            self.errors.append(f"{method} {url}: {error!r}")
            return
        self.statuses[f"{response.status_code // 100}xx"] += 1
        if response.status_code >= 500:
            shown = {k: (str(v)[:60]) for k, v in kwargs.items() if k != "headers"}
            self.errors.append(f"{response.status_code} {method} {url} {shown}")

    # Signing in ---------------------------------------------------------------------

    def session(self, email: str) -> httpx.Client:
        client = httpx.Client(base_url=self.base, timeout=30, follow_redirects=False)
        page = client.get("/account/login/")
        token = client.cookies.get("csrftoken", "")
        client.post(
            "/account/login/",
            data={
                "username": email,
                "password": "agora-demo",
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": f"{self.base}/account/login/"},
        )
        del page
        return client

    # The API ------------------------------------------------------------------------

    def api(self, client: httpx.Client) -> None:
        schema = client.get("/api/v1/schema/", params={"format": "json"}).json()
        token = client.cookies.get("csrftoken", "")
        headers = {"X-CSRFToken": token, "Referer": f"{self.base}/"}
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                if method == "delete":
                    continue
                params = operation.get("parameters", [])
                path_names = [p["name"] for p in params if p["in"] == "path"]
                query_names = [p["name"] for p in params if p["in"] == "query"]
                for value in BAD_VALUES[:9]:
                    url = path
                    for name in path_names:
                        url = url.replace("{" + name + "}", value or "x")
                    self.send(client, method.upper(), url, headers=headers)
                real = path
                for name in path_names:
                    real = real.replace("{" + name + "}", "1")
                for name in query_names:
                    for value in BAD_VALUES:
                        self.send(
                            client,
                            method.upper(),
                            real,
                            params={name: value},
                            headers=headers,
                        )
                if method == "get":
                    continue
                fields = _body_fields(operation, schema)
                for name in fields:
                    for value in BAD_VALUES:
                        for body in (
                            {name: value},
                            {name: [value]},
                            {name: {"a": value}},
                        ):
                            self.send(
                                client,
                                method.upper(),
                                real,
                                json=body,
                                headers=headers,
                            )
                        self.send(
                            client,
                            method.upper(),
                            real,
                            data={name: value},
                            headers=headers,
                        )
                self.send(
                    client,
                    method.upper(),
                    real,
                    content=b'{"broken": ',
                    headers={**headers, "Content-Type": "application/json"},
                )

    # Forms --------------------------------------------------------------------------

    def forms(self, client: httpx.Client, max_pages: int) -> None:
        seen: set[str] = set()
        queue = list(START_PAGES)
        forms: list[tuple[str, str, dict[str, str]]] = []
        while queue and len(seen) < max_pages:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            try:
                response = client.get(path)
            except httpx.HTTPError:
                continue
            self.statuses[f"{response.status_code // 100}xx"] += 1
            if response.status_code >= 500:
                self.errors.append(f"{response.status_code} GET {path}")
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            soup = BeautifulSoup(response.text, "html.parser")
            for link in soup.find_all("a", href=True):
                target = urljoin(f"{self.base}{path}", link["href"])
                parsed = urlparse(target)
                if parsed.netloc == urlparse(self.base).netloc and not any(
                    part in parsed.path for part in ("/cms/", "/django-admin/", "/api/")
                ):
                    local = parsed.path + (f"?{parsed.query}" if parsed.query else "")
                    if local not in seen and len(queue) < 400:
                        queue.append(local)
            for form in soup.find_all("form"):
                action = urljoin(f"{self.base}{path}", form.get("action") or path)
                if any(part in action for part in SKIP_ACTIONS):
                    continue
                values = {}
                for field in form.find_all(["input", "select", "textarea"]):
                    name = field.get("name")
                    if not name:
                        continue
                    if field.name == "select":
                        option = field.find("option", selected=True) or field.find(
                            "option"
                        )
                        values[name] = option.get("value", "") if option else ""
                    elif field.get("type") in ("checkbox", "radio"):
                        if field.has_attr("checked"):
                            values[name] = field.get("value", "on")
                    else:
                        values[name] = field.get("value") or field.text or ""
                method = (form.get("method") or "get").lower()
                forms.append((method, urlparse(action).path, values))
        unique = {(m, a, tuple(sorted(v))): (m, a, v) for m, a, v in forms}
        for method, action, values in unique.values():
            for name in values:
                if name == "csrfmiddlewaretoken":
                    continue
                for value in BAD_VALUES:
                    data = {**values, name: value}
                    data["csrfmiddlewaretoken"] = client.cookies.get("csrftoken", "")
                    if method == "post":
                        self.send(
                            client,
                            "POST",
                            action,
                            data=data,
                            headers={"Referer": f"{self.base}{action}"},
                        )
                    else:
                        self.send(client, "GET", action, params=data)


def _body_fields(operation: dict, schema: dict) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    body = content.get("application/json", {}).get("schema", {})
    if "$ref" in body:
        body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    return list(body.get("properties", {})) or ["id"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--max-requests", type=int, default=60_000)
    parser.add_argument("--max-pages", type=int, default=60)
    args = parser.parse_args()
    probe = Probe(args.base, args.max_requests)
    anonymous = httpx.Client(base_url=probe.base, timeout=30)
    probe.api(anonymous)
    for email in ACCOUNTS:
        client = probe.session(email)
        probe.api(client)
        probe.forms(client, args.max_pages)
    for line in probe.errors:
        print(line)
    print(json.dumps({"requests": probe.sent, **probe.statuses}, sort_keys=True))
    return 1 if probe.errors else 0


if __name__ == "__main__":
    sys.exit(main())
