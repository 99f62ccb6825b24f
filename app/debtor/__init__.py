"""The debtor's page behind the personal link in every reminder: balance, ways to pay, arrangements.

No account and no sign-in: the link's token (only its hash is stored) opens one case, and a question
only the debtor can answer guards every amount and personal detail (``access.py``). The page is in
the debtor's language (Flask-Babel catalogues in ``app/translations``).
"""
