from django.urls import include, path

from moot.accounts import views as account_views
from moot.api import api
from moot.dashboard import views as dashboard_views
from moot.electorate import views as electorate_views
from moot.ledger import views as ledger_views
from moot.members import self_service
from moot.organisation import views as organisation_views
from moot.rulebook import views as rulebook_views

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("accounts/", include("allauth.urls")),
    path("account/api-tokens/", account_views.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:token_id>/revoke/", account_views.revoke_api_token, name="revoke_api_token"),
    path("units/", organisation_views.unit_list, name="unit_list"),
    path("units/<int:unit_id>/", organisation_views.unit_detail, name="unit_detail"),
    path("ledger/", ledger_views.event_list, name="ledger_events"),
    path("ledger/<int:seq>/", ledger_views.event_detail, name="ledger_event"),
    path("ledger/verify/", ledger_views.verify, name="ledger_verify"),
    path("me/", self_service.my_membership, name="my_membership"),
    path("me/data.json", self_service.my_data, name="my_data"),
    path("rules/", rulebook_views.rules_in_force, name="rules_in_force"),
    path("rules/<slug:key>/", rulebook_views.rule_history, name="rule_history"),
    path("rules/<slug:key>/amend/", rulebook_views.amend_rule, name="amend_rule"),
    path("public/proscriptions/", rulebook_views.proscriptions, name="proscriptions"),
    path("proscriptions/organisations/", rulebook_views.register_organisation, name="register_organisation"),
    path("proscriptions/proscribe/", rulebook_views.proscribe, name="proscribe"),
    path("proscriptions/<int:proscription_id>/lift/", rulebook_views.lift, name="lift_proscription"),
    path("members/", include("moot.members.urls")),
    path("electorates/", electorate_views.electorate_list, name="electorate_list"),
    path("electorates/<int:electorate_id>/", electorate_views.electorate_detail, name="electorate_detail"),
    path("discipline/", include("moot.discipline.urls")),
    path("api/v1/", api.urls),
]
