from flask_wtf.csrf import CSRFProtect

# Every POST, PUT, PATCH and DELETE needs a valid CSRF token; the JSON API exempts itself explicitly.
csrf = CSRFProtect()
