"""Buying, as the services leave it: packages, quotes frozen from them, orders placed
from approved quotes and split per vendor, their payments, and the subscriptions
paid lines become.

Quotes, orders and payments say why each row exists (`created_because`) and change
status only through `move_to` or the payments service, so their history reads as
the services would have written it.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import timedelta

import factory
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import OrganizationKind, Role
from marketplace.models import (
    Decision,
    Listing,
    Order,
    OrderLine,
    Package,
    PackageLine,
    PackagePhase,
    Payment,
    PaymentMethod,
    Promotion,
    Quote,
    QuoteDecision,
    QuoteLine,
    QuoteStatus,
    Reason,
    Subscription,
    VendorOrder,
)
from marketplace.selectors.packages import package_summarize
from marketplace.services.ledger import ledger_charge
from marketplace.services.orders import commission_on, order_buy_now
from marketplace.services.payments.attempts import payment_succeeded
from marketplace.services.pricing import line_price, tax_on
from marketplace.services.provisioning import subscription_report
from marketplace.services.quotes import quote_phases_freeze
from tests.factories.accounts import MembershipFactory, OrganizationFactory
from tests.factories.catalog import PlanFactory


def member_of(organization, role: str = Role.REQUESTER):
    """A new member of the organization with this role."""
    return MembershipFactory(organization=organization, role=role).user


def numbered(row: Quote | Order, prefix: str, at) -> None:
    """Save a new quote or order numbered from its id, as the services number them
    (unless the factory was given a number)."""
    if row.number:
        row.save()
        return
    row.number = f"new-{secrets.token_hex(6)}"
    row.save()
    row.number = f"{prefix}-{at:%Y}-{row.pk:06d}"
    type(row).objects.filter(pk=row.pk).update(number=row.number)


class PackageFactory(factory.django.DjangoModelFactory):
    """A buyer organization's package, without lines (`PackageLineFactory`)."""

    class Meta:
        model = Package

    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.BUYER)
    name = "Pilot district"
    created_by = factory.LazyAttribute(lambda o: member_of(o.organization))


class PackageLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PackageLine

    package = factory.SubFactory(PackageFactory)
    plan = factory.SubFactory(PlanFactory)
    quantity = 10
    phase = 1


class PackagePhaseFactory(factory.django.DjangoModelFactory):
    """A named phase of a package; its lines carry its number. Named again (and
    re-dated) when the package has this phase already."""

    class Meta:
        model = PackagePhase

    package = factory.SubFactory(PackageFactory)
    number = 1
    name = factory.LazyAttribute(lambda o: f"Phase {o.number}")
    planned_start = None
    note = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        phase, _created = model_class.objects.update_or_create(
            package=kwargs.pop("package"), number=kwargs.pop("number"), defaults=kwargs
        )
        return phase


class QuoteLineFactory(factory.django.DjangoModelFactory):
    """A line of a quote: its package line's plan as it is now, priced now (`price`,
    a `pricing.LinePrice`). `QuoteFactory` makes them; a line added to a quote
    afterwards would not be in its totals."""

    class Meta:
        model = QuoteLine

    class Params:
        package_line = None
        price = factory.LazyAttribute(
            lambda o: line_price(o.package_line.plan, o.package_line.quantity)
        )

    quote = None
    plan = factory.SelfAttribute("package_line.plan")
    listing = factory.SelfAttribute("plan.listing")
    vendor = factory.SelfAttribute("listing.vendor")
    promotion_id = factory.LazyAttribute(
        lambda o: (
            o.price.sale.promotion_id if o.price.sale and o.price.sale_units else None
        )
    )
    listing_title = factory.SelfAttribute("listing.title")
    vendor_name = factory.SelfAttribute("vendor.organization.name")
    plan_code = factory.SelfAttribute("plan.code")
    plan_name = factory.SelfAttribute("plan.name")
    billing = factory.SelfAttribute("plan.billing")
    unit = factory.SelfAttribute("plan.unit")
    contract_term_months = factory.SelfAttribute("plan.contract_term_months")
    quantity = factory.SelfAttribute("package_line.quantity")
    phase = factory.SelfAttribute("package_line.phase")
    site = factory.SelfAttribute("package_line.site")
    list_unit_price = factory.SelfAttribute("price.list_unit_price")
    sale_unit_price = factory.SelfAttribute("price.sale_unit_price")
    sale_units = factory.SelfAttribute("price.sale_units")
    setup_fee = factory.SelfAttribute("price.setup_fee")
    subtotal = factory.SelfAttribute("price.subtotal")
    discount = factory.SelfAttribute("price.discount")


class QuoteFactory(factory.django.DjangoModelFactory):
    """A quote waiting for approval, as `quote_create` freezes its package: numbered,
    priced now, with tax, valid for QUOTE_VALIDITY_DAYS.

    `lines` (plans, or `(plan, quantity)` pairs) go into the package first; a
    package with no lines gets 10 units of a new plan. `approved_by=user` approves
    it, as `quote_approve` does."""

    class Meta:
        model = Quote

    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.BUYER)
    requested_by = factory.LazyAttribute(lambda o: member_of(o.organization))
    package = factory.SubFactory(
        PackageFactory,
        organization=factory.SelfAttribute("..organization"),
        created_by=factory.SelfAttribute("..requested_by"),
    )
    tax_rate = factory.LazyFunction(lambda: settings.TAX_RATE_BASIS_POINTS)
    created_at = factory.LazyFunction(timezone.now)
    valid_until = factory.LazyAttribute(
        lambda o: o.created_at + timedelta(days=settings.QUOTE_VALIDITY_DAYS)
    )
    lines = None
    approved_by = None

    @classmethod
    def _create(cls, model_class, *args, lines=None, approved_by=None, **kwargs):
        package = kwargs["package"]
        if lines is None and not package.lines.exists():
            lines = [PlanFactory()]
        for line in lines or ():
            plan, quantity = line if isinstance(line, tuple) else (line, 10)
            PackageLineFactory(package=package, plan=plan, quantity=quantity)
        summary = package_summarize(package)
        first_charge = summary.one_time + summary.monthly + summary.annual
        tax = tax_on(first_charge, kwargs["tax_rate"])
        frozen = {
            "package_name": package.name,
            "currency": package.currency,
            "one_time": summary.one_time,
            "recurring_monthly": summary.monthly,
            "recurring_annual": summary.annual,
            "discount": summary.discount,
            "first_year": summary.first_year,
            "tax": tax,
            "first_charge": first_charge + tax,
        }
        quote = model_class(*args, **{**frozen, **kwargs})
        quote.created_because(Reason.QUOTE_REQUESTED, by=quote.requested_by)
        numbered(quote, "Q", quote.created_at)
        for item in summary.lines:
            QuoteLineFactory(quote=quote, package_line=item.line, price=item.price)
        quote_phases_freeze(quote, package, summary)
        QuoteDecision.objects.create(
            quote=quote,
            decision=Decision.REQUESTED,
            by=quote.requested_by,
            at=quote.created_at,
        )
        if approved_by is not None:
            quote.move_to(
                QuoteStatus.APPROVED, reason=Reason.QUOTE_APPROVED, by=approved_by
            )
            quote.approved_by = approved_by
            quote.approved_at = timezone.now()
            quote.save()
            QuoteDecision.objects.create(
                quote=quote,
                decision=Decision.APPROVED,
                by=approved_by,
                at=quote.approved_at,
            )
        return quote


class VendorOrderFactory(factory.django.DjangoModelFactory):
    """What one vendor is owed of an order: the platform's commission (at today's
    rate) taken from the gross, the rest to the vendor."""

    class Meta:
        model = VendorOrder

    order = None
    vendor = None
    number = factory.Sequence(lambda n: f"VO-{n + 1:06d}")
    currency = factory.SelfAttribute("order.currency")
    gross = 0
    commission_rate = factory.LazyFunction(
        lambda: settings.PLATFORM_COMMISSION_BASIS_POINTS
    )
    commission = factory.LazyAttribute(
        lambda o: commission_on(o.gross, o.commission_rate)
    )
    net = factory.LazyAttribute(lambda o: o.gross - o.commission)


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    vendor_order = None
    quote_line = None


class PaymentFactory(factory.django.DjangoModelFactory):
    """An attempt to pay an order, as `payment_start` makes it: by card through
    Stripe or by invoice, as the order is paid, for the order's amount."""

    class Meta:
        model = Payment

    order = factory.SubFactory("tests.factories.buying.OrderFactory", payment=None)
    provider = factory.LazyAttribute(
        lambda o: (
            "stripe" if o.order.payment_method == PaymentMethod.CARD else "invoice"
        )
    )
    amount = factory.SelfAttribute("order.amount")
    currency = factory.SelfAttribute("order.currency")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        payment = model_class(*args, **kwargs)
        payment.created_because(Reason.PAYMENT_STARTED, by=payment.order.placed_by)
        payment.save()
        return payment


class OrderFactory(factory.django.DjangoModelFactory):
    """An order waiting for payment, as `order_place` leaves it: placed from an
    approved quote (now ordered), split per vendor with the platform's commission,
    the sale units it priced claimed, and its first payment started.

    `lines` are the quote's (see `QuoteFactory`). `paid=True` pays it in full
    through `payment_succeeded`, as Stripe reports a card payment (`paid=user`: as
    that finance member marks an invoice paid): the order is paid, and each line
    becomes a subscription announced to its vendor."""

    class Meta:
        model = Order
        skip_postgeneration_save = True

    class Params:
        lines = None

    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.BUYER)
    quote = factory.SubFactory(
        QuoteFactory,
        organization=factory.SelfAttribute("..organization"),
        lines=factory.SelfAttribute("..lines"),
        approved_by=factory.LazyAttribute(
            lambda q: member_of(q.organization, Role.APPROVER)
        ),
    )
    placed_by = factory.SelfAttribute("quote.requested_by")
    placed_at = factory.LazyFunction(timezone.now)
    payment_method = PaymentMethod.INVOICE
    currency = factory.SelfAttribute("quote.currency")
    amount = factory.SelfAttribute("quote.first_charge")

    payment = factory.RelatedFactory(PaymentFactory, factory_related_name="order")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        quote = kwargs["quote"]
        order = model_class(*args, **{**kwargs, "organization": quote.organization})
        order.created_because(
            Reason.ORDER_PLACED, by=order.placed_by, note=quote.number
        )
        numbered(order, "O", order.placed_at)
        for line in quote.lines.filter(promotion__isnull=False, sale_units__gt=0):
            Promotion.objects.filter(pk=line.promotion_id).update(
                units_claimed=F("units_claimed") + line.sale_units
            )
        by_vendor = defaultdict(list)
        for line in quote.lines.select_related("vendor"):
            by_vendor[line.vendor].append(line)
        for index, (vendor, lines) in enumerate(
            sorted(by_vendor.items(), key=lambda item: item[0].pk), start=1
        ):
            vendor_order = VendorOrderFactory(
                order=order,
                vendor=vendor,
                number=f"{order.number}-{index}",
                gross=sum(line.setup_fee + line.subtotal for line in lines),
            )
            for line in lines:
                OrderLineFactory(
                    vendor_order=vendor_order,
                    quote_line=line,
                    quantity=line.quantity,
                    amount=line.setup_fee + line.subtotal,
                )
        ledger_charge(order)
        quote.move_to(
            QuoteStatus.ORDERED, reason=Reason.QUOTE_ORDERED, by=order.placed_by
        )
        quote.save(update_fields=["status"])
        return order

    @factory.post_generation
    def paid(obj, create, extracted, **kwargs):
        if not (create and extracted):
            return
        by = None if extracted is True else extracted
        payment_succeeded(payment=obj.payments.get(), amount=obj.amount, by=by)
        obj.refresh_from_db()


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A subscription as a paid order makes it: `quantity` units of `plan` ordered
    by a buyer `organization`, paid, and announced to the vendor (pending).
    `provisioned=True`: the vendor reported it provisioned, so it is active with
    access details, through `subscription_report`."""

    class Meta:
        model = Subscription

    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.BUYER)
    plan = factory.SubFactory(PlanFactory)
    quantity = 2
    provisioned = False

    @classmethod
    def _create(cls, model_class, *args, organization, plan, quantity, provisioned):
        order = OrderFactory(
            organization=organization, lines=[(plan, quantity)], paid=True
        )
        subscription = model_class.objects.get(order_line__vendor_order__order=order)
        if provisioned:
            subscription = subscription_report(
                subscription=subscription,
                data={
                    "status": "provisioned",
                    "instance_id": f"instance-{subscription.pk}",
                    "access": {"url": "https://service.vendor.example/"},
                },
            )
        return subscription


# Through the services, from a listing's page ------------------------------------


def self_approving_buyer(**organization) -> Membership:
    """An approver of a buyer organization that allows self-approval ("buy now")."""
    county = OrganizationFactory(
        kind=OrganizationKind.BUYER, allow_self_approval=True, **organization
    )
    return MembershipFactory(organization=county, role=Role.APPROVER)


def paid_subscription(
    listing: Listing, *, quantity: int = 2, buyer: Membership | None = None
) -> Subscription:
    """Buy the listing's plan now, by invoice, recorded paid: the line's
    subscription, announced to the vendor."""
    buyer = buyer or self_approving_buyer()
    _quote, order = order_buy_now(
        membership=buyer,
        plan_id=listing.plans.get().pk,
        quantity=quantity,
        payment_method="invoice",
    )
    assert isinstance(order, Order)
    payment_succeeded(payment=order.payments.get(), amount=order.amount)
    return Subscription.objects.get(order_line__vendor_order__order=order)
