"""Authentication, roles and the audit log: one layer in front of every route.

- ``roles``: lezer < trainer < beheerder and what each may do; ``Principal``.
- ``passwords``: Argon2id for passwords, SHA-256 for random tokens.
- ``accounts``: users, personal API keys and sessions in ``DATA_DIR/auth.sqlite``.
- ``audit``: the audit log in ``DATA_DIR/audit.sqlite``.
- ``sessions``: signed cookies (itsdangerous) and the app's secret.
- ``gate``: request → principal, login/logout, whether authentication is on.
- ``middleware``: the ASGI gate and body-size limit in front of the whole app.
- ``web``: the login page and routes; ``oidc``: single sign-on (authlib + joserfc).
- ``__main__``: the CLI (``python -m assistant.auth``).
"""
