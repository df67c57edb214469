"""Documents made from an assessment: NOTICE text and reports (Jinja templates)."""
