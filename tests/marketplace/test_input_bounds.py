"""The bounds of what buyers and vendors enter (marketplace.limits), held by the
models and services whichever way the input arrives: no value can overflow a
column, and no package can be saved whose quote could not be computed."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from accounts.roles import Role
from marketplace import limits
from marketplace.admin_finance import RefundForm
from marketplace.models import (
    Listing,
    Package,
    PackageLine,
    Plan,
    Quote,
    Subscription,
)
from marketplace.models.catalog import clean_price_breaks
from marketplace.services import packages as package_services
from marketplace.services import phases as phase_services
from marketplace.services import quotes as quote_services
from marketplace.services.subscriptions import subscription_update
from tests.factories import PlatformMemberFactory
from tests.factories.buying import (
    OrderFactory,
    PackageFactory,
    PackagePhaseFactory,
    paid_subscription,
)
from tests.factories.catalog import PlanFactory, published_listing

pytestmark = pytest.mark.django_db


def test_the_bounds_fit_the_columns_and_a_lines_arithmetic():
    longest_line = (
        limits.MAX_QUANTITY * limits.MAX_PRICE * limits.MAX_CONTRACT_TERM_MONTHS
    )

    assert longest_line <= limits.BIGINT_MAX
    assert limits.MAX_QUANTITY <= limits.INTEGER_MAX
    assert limits.MAX_PHASE <= limits.SMALLINT_MAX
    # A quote's first charge is its amount and the tax on it.
    assert 2 * limits.MAX_AMOUNT <= limits.BIGINT_MAX


@pytest.mark.parametrize(
    ("field", "value"),
    [("quantity", limits.MAX_QUANTITY + 1), ("phase", limits.MAX_PHASE + 1)],
)
def test_a_package_line_is_bounded_by_the_model(field, value):
    line = PackageLine(
        package=PackageFactory(), plan=PlanFactory(), **{"quantity": 1, field: value}
    )

    with pytest.raises(ValidationError) as refused:
        line.full_clean()

    assert refused.value.message_dict.keys() == {field}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("unit_price", limits.MAX_PRICE + 1),
        ("setup_fee", limits.MAX_PRICE + 1),
        ("min_quantity", limits.MAX_QUANTITY + 1),
        ("max_quantity", limits.MAX_QUANTITY + 1),
        ("contract_term_months", limits.MAX_CONTRACT_TERM_MONTHS + 1),
        ("trial_days", limits.MAX_TRIAL_DAYS + 1),
        ("description", "x" * (limits.MAX_PLAN_DESCRIPTION_LENGTH + 1)),
    ],
)
def test_a_plan_is_bounded_by_the_model(field, value):
    plan = Plan(code="STD", name="Standard", billing="monthly", unit="device")
    plan.unit_price = 100
    setattr(plan, field, value)

    with pytest.raises(ValidationError) as refused:
        plan.full_clean(exclude=["listing"])

    assert field in refused.value.message_dict


def test_a_price_break_past_the_largest_quantity_is_refused():
    with pytest.raises(ValidationError):
        clean_price_breaks(
            [{"min_quantity": limits.MAX_QUANTITY + 1, "unit_price": 10}],
            unit_price=100,
        )


def test_a_budget_past_the_largest_amount_is_refused(requester):
    membership = requester.memberships.get()

    with pytest.raises(ValidationError) as refused:
        package_services.package_create(
            membership=membership, name="Rich", budget=limits.MAX_AMOUNT + 1
        )

    assert refused.value.message_dict.keys() == {"budget"}
    assert not Package.objects.exists()


def expensive_plan(unit_price: int = 1_000_000) -> Plan:
    return published_listing(
        plans=[
            Plan(
                code="PRO",
                name="Pro",
                billing="monthly",
                unit="device",
                unit_price=unit_price,
            )
        ]
    ).plans.get()


def test_a_change_that_makes_a_quote_impossible_to_compute_is_refused(
    requester, approver
):
    membership = requester.memberships.get()
    package = package_services.package_create(membership=membership, name="City")
    plan = expensive_plan(unit_price=100_000_000)
    line = package_services.package_line_add(
        membership=membership, package=package, plan_id=plan.pk, quantity=1
    )

    with pytest.raises(ValidationError) as refused:
        package_services.package_line_update(
            membership=membership,
            line=line,
            quantity=limits.MAX_QUANTITY,
            phase=1,
            site="",
        )

    # 1,000,000 devices at 1,000,000.00 a month: 12 trillion a year.
    assert refused.value.message_dict.keys() == {"quantity"}
    assert PackageLine.objects.get().quantity == 1


def test_a_package_whose_prices_rose_past_what_a_quote_holds_is_not_quoted(
    requester, approver
):
    membership = requester.memberships.get()
    plan = expensive_plan()
    package = package_services.package_create(membership=membership, name="City")
    package_services.package_line_add(
        membership=membership, package=package, plan_id=plan.pk, quantity=900_000
    )
    # The vendor's new price, published after the line was added.
    Plan.objects.filter(pk=plan.pk).update(unit_price=limits.MAX_PRICE)

    with pytest.raises(ValidationError) as refused:
        quote_services.quote_create(membership=membership, package=package)

    assert refused.value.message_dict.keys() == {"package"}
    assert "more than a quote takes" in refused.value.message_dict["package"][0]
    assert not Quote.objects.exists()


def test_a_subscription_quantity_is_bounded():
    subscription = paid_subscription(published_listing())
    Subscription.objects.filter(pk=subscription.pk).update(status="active")
    staff = PlatformMemberFactory(role=Role.FINANCE, is_superuser=True)

    with pytest.raises(ValidationError) as refused:
        subscription_update(
            user=staff, subscription=subscription, quantity=limits.MAX_QUANTITY + 1
        )

    assert refused.value.message_dict.keys() == {"quantity"}
    subscription.refresh_from_db()
    assert subscription.quantity == 2


# The Wagtail admin's listing form ---------------------------------------------------


def admin_form(listing: Listing, **fields):
    form_class = Listing.snippet_viewset.get_edit_handler().get_form_class()
    data = nested_form_data(
        {
            "vendor": listing.vendor_id,
            "title": listing.title,
            "language": listing.language,
            "slug": listing.slug,
            "category": listing.category_id,
            "summary": listing.summary,
            "description": rich_text("<p>Five-year battery.</p>"),
            "tags": "",
            "rating_count": 0,
            "plans": inline_formset([]),
            "reference_deployments": inline_formset([]),
            "images": inline_formset([]),
            "documents": inline_formset([]),
            **fields,
        }
    )
    curator = PlatformMemberFactory(role=Role.CURATOR, is_superuser=True)
    return form_class(data, instance=listing, for_user=curator)


def test_the_admin_takes_a_listing_within_the_bounds():
    form = admin_form(published_listing(), tags="nb-iot, flood")

    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (
            "description",
            rich_text("<p>" + "x" * limits.MAX_DESCRIPTION_LENGTH + "</p>"),
        ),
        ("tags", ", ".join(f"tag-{n}" for n in range(limits.MAX_TAGS + 1))),
        ("tags", "x" * (limits.MAX_TAG_LENGTH + 1)),
    ],
)
def test_the_admin_bounds_a_listings_description_and_tags(field, value):
    form = admin_form(published_listing(), **{field: value})

    assert not form.is_valid()
    assert field in form.errors


def test_a_package_has_at_most_the_largest_phase_number(requester):
    membership = requester.memberships.get()
    package = package_services.package_create(membership=membership, name="City")
    for number in range(1, limits.MAX_PHASE + 1):
        PackagePhaseFactory(package=package, number=number)

    with pytest.raises(ValidationError):
        phase_services.package_phase_create(membership=membership, package=package)

    assert package.phases.count() == limits.MAX_PHASE


def test_a_refund_of_a_number_too_long_to_be_an_amount_is_a_form_error():
    form = RefundForm({"amount": "1e999999", "confirm": "on"}, instance=OrderFactory())

    assert not form.is_valid()
    assert "amount" in form.errors
