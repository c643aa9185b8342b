"""``wikilint server``: a real server process spoken to in LSP over its stdin/stdout.

The diagnostics are compared with the CLI's findings (``--format json``) for the
same text and configuration; positions are checked in UTF-16 code units with an
astral character before the findings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any

import pytest

pytest.importorskip("pygls")
pytest.importorskip("lsprotocol")

from wikilint.server.positions import LineIndex, code_units  # noqa: E402

TEXT = ("== History ==\n"
        "The band 𝄞𝄞 said \"hello there. It was ''great.\n"
        "\n"
        "In order to win, they played (loudly.\n")
CONFIG = "extend-select: [wordy-phrases]\n"


class Client:
    """A minimal LSP client: JSON-RPC with Content-Length framing over pipes."""

    def __init__(self, cwd: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "wikilint", "server"], cwd=cwd,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: Queue[dict[str, Any]] = Queue()
        self.log: list[dict[str, Any]] = []  # every message taken from the queue
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                key, _, value = line.decode("ascii").partition(":")
                headers[key.lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        msg = self.wait(lambda m: m.get("id") == ident and "method" not in m, timeout)
        assert "error" not in msg, msg
        return msg.get("result")

    def wait(self, match: Any, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no matching message from the server")
            try:
                msg = self.messages.get(timeout=left)
            except Empty:
                continue
            self.log.append(msg)
            if match(msg):
                return msg

    def diagnostics(self, uri: str, version: int, timeout: float = 60) -> list[dict[str, Any]]:
        msg = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                        and m["params"]["uri"] == uri
                        and m["params"].get("version") == version, timeout)
        return msg["params"]["diagnostics"]

    def close(self) -> int:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()


def cli_findings(folder: Path, name: str) -> list[dict[str, Any]]:
    done = subprocess.run([sys.executable, "-m", "wikilint", "--format", "json", name],
                          cwd=folder, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode in (0, 1), done.stderr
    data = json.loads(done.stdout)
    return data if isinstance(data, list) else data["findings"]


def expected(findings: list[dict[str, Any]], text: str) -> list[tuple[Any, ...]]:
    """The CLI's findings as LSP diagnostics would say them (UTF-16 characters)."""
    lines = text.split("\n")
    out = []
    for f in findings:
        sl, el = f["line"] - 1, f["end_line"] - 1
        sc = code_units(lines[sl][:f["column"] - 1])
        ec = code_units(lines[el][:f["end_column"] - 1])
        sev = {"error": 1, "warning": 2, "info": 3}[f["severity"]]
        out.append((sl, sc, el, ec, f["code"], sev, f["message"]))
    return sorted(out)


def said(diagnostics: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((d["range"]["start"]["line"], d["range"]["start"]["character"],
                   d["range"]["end"]["line"], d["range"]["end"]["character"],
                   d["code"], d["severity"], d["message"]) for d in diagnostics)


def apply_edits(text: str, edits: list[dict[str, Any]]) -> str:
    index = LineIndex(text)
    spans = sorted(((index.offset(e["range"]["start"]["line"], e["range"]["start"]["character"]),
                     index.offset(e["range"]["end"]["line"], e["range"]["end"]["character"]),
                     e["newText"]) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


@pytest.fixture()
def session(tmp_path: Path) -> Any:
    (tmp_path / ".wikilint.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "Band.wiki").write_text(TEXT, encoding="utf-8")
    client = Client(tmp_path)
    result = client.request("initialize", {
        "processId": os.getpid(), "rootUri": tmp_path.as_uri(),
        "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True},
                                          "codeAction": {"codeActionLiteralSupport": {
                                              "codeActionKind": {"valueSet": ["quickfix"]}}}}}})
    client.notify("initialized", {})
    yield client, tmp_path, result
    if client.proc.poll() is None:
        client.close()


def open_doc(client: Client, uri: str, text: str, version: int = 1) -> list[dict[str, Any]]:
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "wikitext", "version": version, "text": text}})
    return client.diagnostics(uri, version)


def test_diagnostics_match_the_cli_in_utf16(session: Any) -> None:
    client, folder, init = session
    caps = init["capabilities"]
    assert caps.get("positionEncoding", "utf-16") == "utf-16"
    assert caps["codeActionProvider"]
    uri = (folder / "Band.wiki").as_uri()
    diagnostics = open_doc(client, uri, TEXT)
    cli = cli_findings(folder, "Band.wiki")
    # the configuration was found as the CLI finds it: the opt-in rule runs
    assert {f["code"] for f in cli} >= {"WL301", "WL302", "WL303", "WL503"}
    assert said(diagnostics) == expected(cli, TEXT)
    quote = next(d for d in diagnostics if d["code"] == "WL301")
    # "The band 𝄞𝄞 said " is 17 code points but 19 UTF-16 code units
    assert quote["range"]["start"] == {"line": 1, "character": 19}
    assert all(d["source"] == "wikilint" for d in diagnostics)
    assert quote["codeDescription"]["href"].endswith("unbalanced-quotes.md")
    assert client.close() == 0


def test_utf8_position_encoding_when_the_client_asks(tmp_path: Path) -> None:
    client = Client(tmp_path)
    try:
        init = client.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(),
                                             "capabilities": {"general": {
                                                 "positionEncodings": ["utf-8"]}}})
        client.notify("initialized", {})
        assert init["capabilities"]["positionEncoding"] == "utf-8"
        uri = (tmp_path / "X.wiki").as_uri()
        diagnostics = open_doc(client, uri, 'é𝄞 "open\n')
        quote = next(d for d in diagnostics if d["code"] == "WL301")
        assert quote["range"]["start"] == {"line": 0, "character": 7}  # 2 + 4 + 1 bytes
    finally:
        client.close()


def test_did_change_is_debounced_and_relints(session: Any) -> None:
    client, folder, _ = session
    uri = (folder / "Band.wiki").as_uri()
    open_doc(client, uri, TEXT)
    # two quick edits: only the last version is linted and published
    first = TEXT.replace("(loudly.", "(loudly).")
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": first}]})
    closing = TEXT.index("hello there.") + len("hello there.")
    index = LineIndex(first)
    line, char = index.position(closing)
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 3},
        "contentChanges": [{"range": {"start": {"line": line, "character": char},
                                      "end": {"line": line, "character": char}},
                            "text": '"'}]})
    final = first[:closing] + '"' + first[closing:]
    diagnostics = client.diagnostics(uri, 3)
    assert {d["code"] for d in diagnostics} == {"WL303", "WL503"}
    (folder / "Band.wiki").write_text(final, encoding="utf-8")
    assert said(diagnostics) == expected(cli_findings(folder, "Band.wiki"), final)
    # version 2 was never published (the debounce dropped it)
    published = [m["params"].get("version") for m in client.log
                 if m.get("method") == "textDocument/publishDiagnostics"]
    assert published == [1, 3]
    # saving lints at once
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert said(client.diagnostics(uri, 3)) == said(diagnostics)


def test_code_actions_fix_and_disable(session: Any) -> None:
    client, folder, _ = session
    uri = (folder / "Band.wiki").as_uri()
    diagnostics = open_doc(client, uri, TEXT)

    def actions_for(code: str) -> list[dict[str, Any]]:
        d = next(x for x in diagnostics if x["code"] == code)
        return client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [d]}})

    italic = actions_for("WL303")
    fix = next(a for a in italic if not a["title"].startswith("Disable"))
    assert not fix["title"].startswith("Unsafe") and fix["isPreferred"]
    fixed = apply_edits(TEXT, fix["edit"]["changes"][uri])
    assert "''great.''" in fixed
    (folder / "Band.wiki").write_text(fixed, encoding="utf-8")
    assert "WL303" not in {f["code"] for f in cli_findings(folder, "Band.wiki")}

    wordy = actions_for("WL503")
    unsafe = next(a for a in wordy if not a["title"].startswith("Disable"))
    assert unsafe["title"].startswith("Unsafe fix:")
    assert apply_edits(TEXT, unsafe["edit"]["changes"][uri]).count("To win") == 1

    disable = next(a for a in actions_for("WL302") if a["title"].startswith("Disable"))
    assert disable["title"] == "Disable unbalanced-brackets (WL302) for this line"
    disabled = apply_edits(TEXT, disable["edit"]["changes"][uri])
    assert "<!-- wikilint-disable-next-line unbalanced-brackets -->\nIn order to" in disabled
    (folder / "Band.wiki").write_text(disabled, encoding="utf-8")
    cli = cli_findings(folder, "Band.wiki")
    assert "WL302" not in {f["code"] for f in cli}
    assert "WL901" not in {f["code"] for f in cli}  # the comment is used, not stray
    # a second rule on the same line joins the existing comment
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": disabled}]})
    diagnostics = client.diagnostics(uri, 2)
    again = next(a for a in actions_for("WL503") if a["title"].startswith("Disable"))
    both = apply_edits(disabled, again["edit"]["changes"][uri])
    assert "<!-- wikilint-disable-next-line unbalanced-brackets, wordy-phrases -->\nIn" in both
    (folder / "Band.wiki").write_text(both, encoding="utf-8")
    assert {f["code"] for f in cli_findings(folder, "Band.wiki")} == {"WL301", "WL303"}


def test_suppression_and_exclude_as_the_cli(session: Any) -> None:
    client, folder, _ = session
    (folder / ".wikilint.yaml").write_text(CONFIG + "exclude: [drafts]\n", encoding="utf-8")
    client.notify("textDocument/didSave",
                  {"textDocument": {"uri": (folder / ".wikilint.yaml").as_uri()}})
    text = "<!-- wikilint-disable-next-line WL301 -->\nHe said \"hi.\n\nShe said \"yo.\n"
    uri = (folder / "Q.wiki").as_uri()
    diagnostics = open_doc(client, uri, text)
    (folder / "Q.wiki").write_text(text, encoding="utf-8")
    assert said(diagnostics) == expected(cli_findings(folder, "Q.wiki"), text)
    assert [d["range"]["start"]["line"] for d in diagnostics] == [3]
    (folder / "drafts").mkdir()
    draft = (folder / "drafts" / "D.wiki").as_uri()
    assert open_doc(client, draft, text) == []


def test_a_broken_configuration_is_one_diagnostic(session: Any) -> None:
    client, folder, _ = session
    (folder / ".wikilint.yaml").write_text("selekt: [WL301]\n", encoding="utf-8")
    uri = (folder / "Band.wiki").as_uri()
    diagnostics = open_doc(client, uri, TEXT)
    assert len(diagnostics) == 1 and "unknown key 'selekt'" in diagnostics[0]["message"]
    assert diagnostics[0]["severity"] == 1


def test_line_index_round_trips_astral_and_line_breaks() -> None:
    text = "a𝄞b\r\nc😀\rd\n"
    index = LineIndex(text)
    assert index.position(text.index("b")) == (0, 3)
    assert index.position(text.index("c") + 1) == (1, 1)
    assert index.position(text.index("d")) == (2, 0)
    for offset in range(len(text) + 1):
        if text[offset - 1:offset + 1] == "\r\n":
            continue
        assert index.offset(*index.position(offset)) == offset
    assert LineIndex(text, "utf-32").position(text.index("b")) == (0, 2)
    assert LineIndex(text, "utf-8").position(text.index("b")) == (0, 5)
