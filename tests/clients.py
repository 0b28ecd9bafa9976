"""Signed-in test clients: the API as a person (token-less, forced) and the pages as a person (a real session)."""

from django.test import Client
from rest_framework.test import APIClient


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
