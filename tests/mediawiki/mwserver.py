"""A throwaway MediaWiki for tests and benchmarks.

Debian's ``mediawiki`` package (1.39 LTS) is installed into a temporary folder
with ``maintenance/install.php --dbtype=sqlite``, given its own
LocalSettings.php (Cite, ParserFunctions, TextExtracts and Poem loaded) and
served by PHP's built-in web server on a free port of 127.0.0.1. Nothing
outside the temporary folder is written: the package's own LocalSettings.php
is bypassed through the ``MW_CONFIG_FILE`` environment variable.

    with LocalWiki.start() as wiki:
        wiki.edit("Sandbox", "''hello''")
        html = wiki.parse("[[a]] {{b}}")["text"]

Run ``python tests/mediawiki/mwserver.py`` to start one by hand (Ctrl-C stops
it). The tests use it through the ``mediawiki`` fixture (tests/mediawiki/conftest.py);
the benchmarks under benchmarks/ import it directly.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

MEDIAWIKI_DIR = Path(os.environ.get("WIKILINT_MEDIAWIKI_DIR", "/usr/share/mediawiki"))
DEBIAN_PACKAGES = ("mediawiki", "php-cli", "php-sqlite3", "php-mbstring", "php-xml", "php-intl")
INSTALL_HINT = ("MediaWiki is not installed; on Debian or Ubuntu run: apt-get install -y "
                "--no-install-recommends " + " ".join(DEBIAN_PACKAGES))
# PHP modules MediaWiki needs here (php -m spells them so).
PHP_MODULES = ("pdo_sqlite", "mbstring", "xml", "intl")
ADMIN_USER = "Admin"
ADMIN_PASSWORD = "wikilint-local-test-password"
USER_AGENT = "wikilint-tests/0.1 (local test wiki)"
EXTENSIONS = ("Cite", "ParserFunctions", "TextExtracts", "Poem")
# Wikipedia's extension tags that this wiki has no extension for: registered as
# stubs that show their contents as escaped text, so that MediaWiki reads the
# tag (contents up to the closer, no markup inside) as Wikipedia does, instead
# of showing "<math>" as literal text.
STUB_TAGS = ("math", "chem", "ce", "syntaxhighlight", "source", "timeline", "score",
             "graph", "templatedata", "inputbox", "categorytree", "hiero", "imagemap",
             "mapframe", "maplink", "charinsert", "templatestyles", "section")


def missing_requirements() -> str | None:
    """Why a local MediaWiki cannot run here (a message with the fix), or None."""
    if not (MEDIAWIKI_DIR / "maintenance" / "install.php").is_file():
        return INSTALL_HINT
    php = shutil.which("php")
    if php is None:
        return INSTALL_HINT
    try:
        modules = subprocess.run([php, "-m"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"php -m failed ({exc}); {INSTALL_HINT}"
    have = {line.strip().lower() for line in modules.splitlines()}
    lacking = [m for m in PHP_MODULES if m not in have]
    if lacking:
        return f"PHP lacks the modules {', '.join(lacking)}; {INSTALL_HINT}"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_SETTINGS = r"""
# ---- wikilint test wiki (appended to install.php's settings) ----
$wgExtensionDirectory = "$IP/extensions-core";
foreach ( [ %(extensions)s ] as $ext ) {
	wfLoadExtension( $ext );
}
$wgCacheDirectory = "%(cache)s";
$wgLocalisationCacheConf['store'] = 'files';
$wgMainCacheType = CACHE_NONE;
$wgParserCacheType = CACHE_NONE;
$wgSessionCacheType = CACHE_DB;
$wgGroupPermissions['*']['noratelimit'] = true;
$wgGroupPermissions['*']['createaccount'] = false;
$wgUseImageMagick = false;
$wgEnableUploads = false;
$wgUseInstantCommons = false;
$wgShowExceptionDetails = true;
$wgMaxArticleSize = 4096;
$wgAPIMaxResultSize = 32 * 1024 * 1024;
# Extension tags of Wikipedia that no extension here provides: contents as text.
$wgHooks['ParserFirstCallInit'][] = static function ( $parser ) {
	foreach ( [ %(stubs)s ] as $tag ) {
		$parser->setHook( $tag, static function ( $input ) {
			return htmlspecialchars( (string)$input );
		} );
	}
	return true;
};
# A template that does not exist shows as the text "Template:Name" in a marked span
# (not as a red link): a page's links stay the page's own, and the comparisons
# in tests/mediawiki/mwcompare.py can count the transclusions MediaWiki made.
$wgHooks['BeforeParserFetchTemplateRevisionRecord'][] = static function (
	$contextTitle, $title, &$skip, &$revRecord
) {
	if ( $title->getNamespace() !== NS_TEMPLATE ) {
		return true;
	}
	$page = Title::newFromLinkTarget( $title );
	if ( $page->exists() ) {
		return true;
	}
	$revRecord = new MediaWiki\Revision\MutableRevisionRecord( $page );
	$revRecord->setContent( MediaWiki\Revision\SlotRecord::MAIN, new WikitextContent(
		'<span class="wikilint-template">Template:<nowiki>' . $page->getText() . '</nowiki></span>'
	) );
	return true;
};
# The namespace names of German, French, Bulgarian… wikis that wikilint knows, so
# that the corpus's non-English articles put pages in categories and show files.
foreach ( [ 'Kategorie', 'Catégorie', 'Категория', 'Categoría', 'Categoria', 'Categorie' ] as $alias ) {
	$wgNamespaceAliases[$alias] = NS_CATEGORY;
}
foreach ( [ 'Datei', 'Bild', 'Fichier', 'Файл', 'Изображение', 'Archivo', 'Imagen', 'Immagine',
	'Bestand' ] as $alias ) {
	$wgNamespaceAliases[$alias] = NS_FILE;
}
# Language codes are interlanguage prefixes, as on Wikipedia ([[de:Foo]]).
$wgHooks['InterwikiLoadPrefix'][] = static function ( $prefix, &$iwData ) {
	if ( $prefix === 'simple' || ( preg_match( '/^[a-z]{2,3}(-[a-z]+)*$/', $prefix )
		&& MediaWiki\MediaWikiServices::getInstance()->getLanguageNameUtils()->isKnownLanguageTag( $prefix ) )
	) {
		$iwData = [ 'iw_prefix' => $prefix, 'iw_url' => "https://$prefix.wikipedia.org/wiki/$1",
			'iw_api' => '', 'iw_wikiid' => '', 'iw_local' => 1, 'iw_trans' => 0 ];
		return false;
	}
	return true;
};
"""


class LocalWiki:
    """One running throwaway wiki. Use ``LocalWiki.start()``; ``stop()`` removes it."""

    def __init__(self, root: Path, port: int, process: subprocess.Popen[bytes]) -> None:
        self.root = root
        self.port = port
        self.process = process
        self.server = f"http://127.0.0.1:{port}"
        self.api_url = f"{self.server}/api.php"
        self._http: Any = None

    # -- life cycle --------------------------------------------------------

    @classmethod
    def start(cls, workers: int = 2, timeout: float = 120.0) -> LocalWiki:
        problem = missing_requirements()
        if problem:
            raise RuntimeError(problem)
        root = Path(tempfile.mkdtemp(prefix="wikilint-mediawiki-"))
        try:
            port = free_port()
            settings = root / "LocalSettings.php"
            env = dict(os.environ, MW_CONFIG_FILE=str(settings))
            install = subprocess.run(
                ["php", "maintenance/install.php", "--dbtype=sqlite", f"--dbpath={root / 'db'}",
                 "--dbname=wiki", f"--server=http://127.0.0.1:{port}", "--scriptpath=",
                 f"--confpath={root}", "--skins=", f"--pass={ADMIN_PASSWORD}",
                 "--lang=en", "wikilint test wiki", ADMIN_USER],
                cwd=MEDIAWIKI_DIR, env=env, capture_output=True, text=True, timeout=timeout)
            if install.returncode != 0 or not settings.is_file():
                tail = (install.stdout + install.stderr).strip().splitlines()[-5:]
                raise RuntimeError("MediaWiki install.php failed: " + " / ".join(tail))
            (root / "cache").mkdir()
            quote = lambda names: ", ".join(f"'{n}'" for n in names)  # noqa: E731
            with settings.open("a", encoding="utf-8") as fh:
                fh.write(_SETTINGS % {"extensions": quote(EXTENSIONS), "stubs": quote(STUB_TAGS),
                                      "cache": root / "cache"})
            env["PHP_CLI_SERVER_WORKERS"] = str(max(1, workers))
            log = (root / "server.log").open("wb")
            process = subprocess.Popen(
                ["php", "-d", "memory_limit=512M", "-d", "max_execution_time=120",
                 "-S", f"127.0.0.1:{port}", "-t", str(MEDIAWIKI_DIR)],
                cwd=MEDIAWIKI_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        wiki = cls(root, port, process)
        try:
            wiki._wait_ready(timeout)
        except BaseException:
            wiki.stop()
            raise
        return wiki

    def _wait_ready(self, timeout: float) -> None:
        import requests

        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"php -S exited with {self.process.returncode}: "
                                   + self.server_log()[-500:])
            try:
                resp = requests.get(self.api_url, params={"action": "query", "meta": "siteinfo",
                                                          "format": "json"}, timeout=30)
                if resp.ok and "query" in resp.json():
                    return
                last = resp.text[:300]
            except (requests.RequestException, ValueError) as exc:
                last = exc
            time.sleep(0.2)
        raise RuntimeError(f"MediaWiki did not answer at {self.api_url}: {last}")

    def server_log(self) -> str:
        try:
            return (self.root / "server.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> LocalWiki:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- Action API --------------------------------------------------------

    @property
    def http(self) -> Any:
        """A requests session logged in as the administrator."""
        if self._http is None:
            import requests

            http = requests.Session()
            http.headers["User-Agent"] = USER_AGENT
            token = self._call(http, "GET", action="query", meta="tokens",
                               type="login")["query"]["tokens"]["logintoken"]
            result = self._call(http, "POST", action="clientlogin", username=ADMIN_USER,
                                password=ADMIN_PASSWORD, logintoken=token,
                                loginreturnurl=self.server)
            if result["clientlogin"]["status"] != "PASS":
                raise RuntimeError(f"login failed: {result}")
            self._http = http
        return self._http

    def _call(self, http: Any, method: str, **params: Any) -> dict[str, Any]:
        params.update(format="json", formatversion="2")
        if method == "GET":
            resp = http.get(self.api_url, params=params, timeout=300)
        else:
            resp = http.post(self.api_url, data=params, timeout=300)
        resp.raise_for_status()
        doc: dict[str, Any] = resp.json()
        if "error" in doc:
            raise RuntimeError(f"API error {doc['error'].get('code')}: {doc['error'].get('info')}")
        return doc

    def api(self, method: str = "GET", **params: Any) -> dict[str, Any]:
        return self._call(self.http, method, **params)

    def edit(self, title: str, text: str, summary: str = "wikilint test") -> dict[str, Any]:
        """Create or replace a page; returns the API's edit result."""
        token = self.api(action="query", meta="tokens")["query"]["tokens"]["csrftoken"]
        result = self.api("POST", action="edit", title=title, text=text, summary=summary,
                          token=token, bot="1")["edit"]
        if result.get("result") != "Success":
            raise RuntimeError(f"edit of {title!r} failed: {result}")
        return result

    def parse(self, text: str, title: str = "Sandbox",
              prop: str = "text|sections|categories|templates|externallinks|links") -> dict[str, Any]:
        """``action=parse`` of wikitext (nothing saved): the API's ``parse`` object."""
        return self.api("POST", action="parse", text=text, title=title, prop=prop,
                        contentmodel="wikitext", disablelimitreport="1",
                        disableeditsection="1", disabletoc="1", wrapoutputclass="")["parse"]


if __name__ == "__main__":
    with LocalWiki.start() as running:
        print(f"MediaWiki at {running.server} (API {running.api_url}); "
              f"admin {ADMIN_USER} / {ADMIN_PASSWORD}. Ctrl-C stops it.", flush=True)
        try:
            while running.process.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
