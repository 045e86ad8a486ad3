"""factory_boy factories for the organisation; each app's tests add their own next to them."""

from __future__ import annotations

import factory
from django.contrib.auth.hashers import MD5PasswordHasher

from kam.org.models import Department, DepartmentKind, Post, Territory, User

PASSWORD = "Str0ng-pass-2026"
# Hashed with the hasher the test settings use (conftest's _fast_hashing), so that signing in with
# PASSWORD works; a hash made here with the default (Argon2) would not be recognised under them.
_HASH = MD5PasswordHasher().encode(PASSWORD, "kamtestsalt")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"部门{n}")
    kind = DepartmentKind.DEPARTMENT


class RegionFactory(DepartmentFactory):
    kind = DepartmentKind.REGION
    name = factory.Sequence(lambda n: f"大区{n}")


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"片区{n}")
    region_codes = factory.LazyFunction(lambda: ["330106"])
    boundary = factory.LazyFunction(
        lambda: {
            "type": "Polygon",
            "coordinates": [[[120.0, 30.0], [120.2, 30.0], [120.2, 30.2], [120.0, 30.2], [120.0, 30.0]]],
        }
    )


class UserFactory(factory.django.DjangoModelFactory):
    """A member of staff; pass ``posts=["specialist"]`` to give posts by code."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"员工{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = _HASH
    department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def posts(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.posts.set(Post.objects.filter(code__in=extracted))
            self.__dict__.pop("_post_codes", None)


def admin_user(**kwargs: object) -> User:
    return UserFactory(posts=["admin"], **kwargs)
