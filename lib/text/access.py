"""UI labels of logging in and roles (lib.access; app_pages/shell.py access_gate). Dutch default, English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "acc_login_title": {"nl": "Inloggen bij de Voorzieningenwijzer", "en": "Log in to the Voorzieningenwijzer"},
    "acc_login_intro": {
        "nl": "Deze Voorzieningenwijzer staat op een server: log in om verder te gaan. Wat je mag, hangt af van je "
              "rol: **lezer** (kijken en exporteren), **deelnemer** (werken in werksessie-cases) of **beheerder** "
              "(ook basisnormen en data).",
        "en": "This Voorzieningenwijzer runs on a server: log in to continue. What you may do depends on your role: "
              "**lezer** (view and export), **deelnemer** (work in workshop cases) or **beheerder** (also the base "
              "norms and data)."},
    "acc_tab_account": {"nl": "Account", "en": "Account"},
    "acc_tab_room": {"nl": "Zaalcode (werksessie)", "en": "Room code (workshop)"},
    "acc_tab_oidc": {"nl": "Gemeente-account", "en": "Municipal account"},
    "acc_user": {"nl": "Gebruikersnaam", "en": "User name"},
    "acc_password": {"nl": "Wachtwoord", "en": "Password"},
    "acc_login_button": {"nl": "Inloggen", "en": "Log in"},
    "acc_room_code": {"nl": "Zaalcode", "en": "Room code"},
    "acc_room_name": {"nl": "Je naam (staat bij je wijzigingen en notities)",
                      "en": "Your name (shown with your changes and notes)"},
    "acc_room_button": {"nl": "Meedoen", "en": "Join"},
    "acc_room_help": {
        "nl": "De begeleider van de werksessie geeft de zaalcode. Je werkt mee als deelnemer onder de naam die je "
              "hier invult.",
        "en": "The workshop facilitator gives the room code. You take part as deelnemer under the name you type "
              "here."},
    "acc_oidc_button": {"nl": "Inloggen met gemeente-account", "en": "Log in with municipal account"},
    "acc_oidc_provider_button": {"nl": "Inloggen met {provider}", "en": "Log in with {provider}"},
    "acc_oidc_failed": {"nl": "Inloggen via de identiteitsprovider lukt niet: {problem}",
                        "en": "Logging in through the identity provider failed: {problem}"},
    "acc_oidc_no_authlib": {
        "nl": "Inloggen via OIDC is ingesteld ([auth] in .streamlit/secrets.toml), maar het pakket Authlib "
              "ontbreekt op de server: installeer het met `pip install -r requirements.txt`.",
        "en": "OIDC login is configured ([auth] in .streamlit/secrets.toml) but the Authlib package is missing on "
              "the server: install it with `pip install -r requirements.txt`."},
    "acc_wrong": {"nl": "Onbekende gebruikersnaam of verkeerd wachtwoord.",
                  "en": "Unknown user name or wrong password."},
    "acc_wrong_room": {"nl": "Deze zaalcode klopt niet.", "en": "This room code is not right."},
    "acc_need_name": {"nl": "Vul je naam in.", "en": "Fill in your name."},
    "acc_logged_in_as": {"nl": "Ingelogd als **{name}** ({role})", "en": "Logged in as **{name}** ({role})"},
    "acc_logout": {"nl": "Uitloggen", "en": "Log out"},
    "acc_role_lezer": {"nl": "lezer", "en": "lezer (reader)"},
    "acc_role_deelnemer": {"nl": "deelnemer", "en": "deelnemer (participant)"},
    "acc_role_beheerder": {"nl": "beheerder", "en": "beheerder (administrator)"},
    "acc_read_only": {
        "nl": "**Alleen lezen.** Deze server luistert op `{address}` (bereikbaar voor anderen) en er is geen "
              "inloggen ingesteld: iedereen kan kijken en exporteren, niemand kan iets wijzigen. Beheerder: maak "
              "accounts of een zaalcode aan met `python -m lib accounts add NAAM --role beheerder` en "
              "`python -m lib accounts room-code`, of stel OIDC in ([auth] in .streamlit/secrets.toml), of start "
              "de app op localhost. Zie de README, 'Rollen en inloggen'.",
        "en": "**Read only.** This server listens on `{address}` (reachable by others) and no login is configured: "
              "everyone can view and export, nobody can change anything. Administrator: create accounts or a room "
              "code with `python -m lib accounts add NAME --role beheerder` and `python -m lib accounts room-code`, "
              "or configure OIDC ([auth] in .streamlit/secrets.toml), or start the app on localhost. See the "
              "README, 'Roles and login'."},
    "acc_all_interfaces": {"nl": "alle netwerkadressen", "en": "all network addresses"},
    "acc_config_error": {
        "nl": "Het accountsbestand kan niet worden gebruikt, dus niemand kan inloggen: {problem}",
        "en": "The accounts file cannot be used, so nobody can log in: {problem}"},
    "acc_refused": {"nl": "Dit mag je rol ({role}) niet; er is niets veranderd.",
                    "en": "Your role ({role}) may not do this; nothing was changed."},
    "acc_view_only": {"nl": "Je kijkt mee als {role}: wijzigen kan hier niet.",
                      "en": "You are viewing as {role}: changes cannot be made here."},
    "acc_base_only_admin": {
        "nl": "De basisnormen, het woonmilieu en de data wijzigt alleen een beheerder. Je rol: {role}. Normen voor "
              "één case pas je aan in de Werksessie.",
        "en": "Only a beheerder (administrator) changes the base norms, the woonmilieu and the data. Your role: "
              "{role}. Norms for one case are changed in the Werksessie."},
}
