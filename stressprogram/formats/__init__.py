"""Danish date and number formats, overriding Django's own where the product differs."""
