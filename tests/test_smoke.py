import pytest


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()


@pytest.mark.django_db
def test_api_token_and_me(org, api_client):
    client = api_client(org["spec1"])
    response = client.get("/api/v1/users/me")
    assert response.status_code == 200
    assert response.json()["posts"] == ["specialist"]
