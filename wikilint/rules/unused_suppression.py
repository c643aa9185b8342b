"""WL901 unused-suppression."""

from __future__ import annotations

from wikilint.lint.rule import Context, Rule, Severity
from wikilint.lint.suppress import RULE_CODE, RULE_NAME, directive_problems
from wikilint.syntax.nodes import Document

__all__ = ["UnusedSuppression", "RULE"]


class UnusedSuppression(Rule):
    """Reports wikilint suppression comments that do nothing.

    ## What it does
    Checks the `<!-- wikilint-… -->` comments that switch rules off
    (see docs/suppression.md) and reports one that:

    * suppresses nothing: no finding of the rules it names falls where it
      applies (the rule was fixed, or the comment sits on the wrong line);
    * names a rule that does not exist (often a typo such as
      `unbalanced-quote`), so it suppresses nothing;
    * is malformed (`wikilint-disabel`, `wikilint: off`), so it is not a
      directive at all;
    * is a `wikilint-enable` with no earlier `wikilint-disable` in force.

    Unused comments are found after the other rules ran: a comment naming a
    rule that did not run (not selected, or ignored for the file) is never
    called unused.  A comment without a rule list is called unused only when
    it suppressed nothing at all.  Findings of this rule can only be
    suppressed by a comment that names it explicitly.

    ## Why is this bad?
    Wikipedia's guideline on hidden text
    ([MOS:COMMENT](https://en.wikipedia.org/wiki/Wikipedia:Manual_of_Style/Hidden_text))
    asks editors to use hidden comments sparingly and to remove ones that
    no longer apply, because every reader of the source has to read past
    them.  A stale or misspelled suppression also hides nothing, while its
    author believes a warning is handled; a later, real problem on that
    line would be silenced by a comment nobody remembers.

    ## Example
    ```wikitext
    <!-- wikilint-disable-next-line unbalanced-quote -->
    He called it "the best album of the year.
    ```

    ## Use instead
    ```wikitext
    <!-- wikilint-disable-next-line unbalanced-quotes -- quoted as printed -->
    He called it "the best album of the year.
    ```

    ## Options
    None.

    ## Fix safety
    Removing a comment that suppresses nothing, or the unused rules from its
    list, is a safe fix (it changes no rendered text).  Removing an unused
    comment without a rule list is unsafe: with a different rule selection
    it might suppress something.  Malformed comments and unknown rules have
    no fix, since only the author knows what was meant.
    """

    code = RULE_CODE
    name = RULE_NAME
    summary = "Suppression comments that suppress nothing, name unknown rules or are malformed"
    severity = Severity.WARNING
    tags = ("suppression",)
    fixable = "sometimes"
    fix_safe = True
    visits_document = True
    dialects = ("wikitext",)

    def check(self, doc: Document, ctx: Context) -> None:
        # The unused ones are reported by the pipeline (apply_suppressions), which
        # sees every rule's findings; here only what is wrong with a comment itself.
        for problem in directive_problems(doc, ctx.known_rules, ctx.directives()):
            ctx.report(problem.start, problem.end, problem.message, problem.fix)


RULE = UnusedSuppression
