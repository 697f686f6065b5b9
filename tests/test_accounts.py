"""Facilitators log in and out in the browser; CSRF guards forms and JSON writes."""

from conftest import PASSWORD, Browserless


def test_login_page_then_dashboard(app, make_user):
    make_user()
    browser = Browserless(app.test_client())
    assert browser.client.get("/f").status_code == 302  # login required
    browser.page("/login")
    response = browser.form("/login", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/f")
    page = browser.page("/f", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "My workshops" in page.get_data(as_text=True)


def test_session_cookie_is_hardened(app, make_user):
    make_user()
    browser = Browserless(app.test_client())
    browser.page("/login")
    response = browser.form("/login", {"username": "anna", "password": PASSWORD})
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("paja_session=")]
    assert cookie and "HttpOnly" in cookie[0] and "SameSite=Lax" in cookie[0]


def test_wrong_password_is_refused_without_saying_which_part(app, make_user):
    make_user()
    browser = Browserless(app.test_client())
    browser.page("/login", headers={"Accept-Language": "en"})
    wrong = browser.form("/login", {"username": "anna", "password": "nope"},
                         headers={"Accept-Language": "en"})
    unknown = browser.form("/login", {"username": "nobody", "password": "nope"},
                           headers={"Accept-Language": "en"})
    assert wrong.status_code == unknown.status_code == 401
    assert "username or password is wrong" in wrong.get_data(as_text=True)
    assert browser.client.get("/f").status_code == 302


def test_login_without_csrf_token_is_refused(app, make_user):
    make_user()
    client = app.test_client()
    response = client.post("/login", data={"username": "anna", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/f").status_code == 302


def test_json_write_without_csrf_header_is_refused(facilitator):
    import uuid

    response = facilitator.client.post("/api/workshops", json={"id": str(uuid.uuid4())})
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"]["code"] == "csrf"


def test_logout_ends_the_session(facilitator):
    response = facilitator.form("/logout", {})
    assert response.status_code == 302
    assert facilitator.client.get("/f").status_code == 302
    assert facilitator.api("GET", "/api/workshops").status_code == 401


def test_open_redirect_after_login_is_blocked(app, make_user):
    make_user()
    browser = Browserless(app.test_client())
    browser.page("/login")
    response = browser.form("/login?next=//evil.example/", {
        "username": "anna", "password": PASSWORD, "next": "//evil.example/"})
    assert response.headers["Location"].endswith("/f")


def test_password_is_hashed_with_argon2(app, make_user):
    from server.accounts.models import User
    from server.extensions import db

    make_user()
    with app.app_context():
        user = db.session.query(User).one()
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
