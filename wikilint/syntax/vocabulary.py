"""Facts about MediaWiki markup that the syntax layer and everything above share.

Tag names by how MediaWiki treats their contents, URL schemes, the nesting
limit.  Each fact lives here once; the scanner, the block builder, prose
extraction and the rules import it from here.
"""

from __future__ import annotations

MAX_DEPTH = 40  # MediaWiki's own expansion-depth limit ($wgMaxPPExpandDepth) is 40 too

# --------------------------------------------------------------- tag names
# Extension tags whose contents are raw text (nowiki semantics).
OPAQUE_TAGS = frozenset("""
nowiki pre math chem ce syntaxhighlight source timeline score graph templatedata
inputbox categorytree hiero imagemap mapframe maplink charinsert templatestyles
""".split())
# Extension tags whose contents are wikitext.
PARSED_TAGS = frozenset("ref references poem gallery indicator".split())
# Transparent markers: standalone tokens, never containers.
TRANSCLUSION_TAGS = frozenset("includeonly noinclude onlyinclude".split())
HTML_TAGS = frozenset("""
abbr b bdi bdo big blockquote br caption center cite code data dd del dfn div dl dt em
font h1 h2 h3 h4 h5 h6 hr i ins kbd li link mark meta ol p q rb rp rt rtc ruby s samp
small span strike strong sub sup table td th time tr tt u ul var wbr img section
""".split())
EXTENSION_TAGS = OPAQUE_TAGS | PARSED_TAGS
KNOWN_TAGS = OPAQUE_TAGS | PARSED_TAGS | TRANSCLUSION_TAGS | HTML_TAGS

URL_SCHEMES = ("https", "http", "ftps", "ftp", "sftp", "irc", "ircs", "news", "nntp",
               "gopher", "mms", "svn", "git", "telnet", "worldwind", "ssh", "redis",
               "mailto", "urn", "xmpp", "sip", "sips", "tel", "sms", "geo", "magnet", "bitcoin")

# HTML elements that never have contents, and those whose closing tag may be left out.
VOID_TAGS = frozenset("br hr img wbr meta link col area input source track".split())
OPTIONAL_CLOSE_TAGS = frozenset("p li dt dd tr td th rb rp rt rtc".split())

# Tags whose contents are code, formulas or raw text, not prose: prose extraction shows a
# placeholder for them, and quotation marks inside them are not quotations.
CODE_TAGS = frozenset("""nowiki pre math chem ce code syntaxhighlight source kbd samp var tt
score timeline graph templatedata hiero imagemap mapframe maplink inputbox categorytree
charinsert""".split())
# Tags that show nothing where they stand (references are gathered elsewhere, the others
# are instructions): removed with their contents from prose and plain text.
HIDDEN_TAGS = frozenset("""ref references gallery indicator templatestyles includeonly noinclude
onlyinclude""".split())
