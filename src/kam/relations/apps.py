from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class RelationsConfig(AppConfig):
    name = "kam.relations"
    label = "relations"
    verbose_name = _("Relationship management")

    def ready(self) -> None:
        from kam.accounts.panels import register_panel
        from kam.core.errors import show_labels
        from kam.core.navigation import nav_item, todo_provider
        from kam.relations import rules, selectors, todo
        from kam.relations.models import DirectiveStatus

        show_labels(rules.DIRECTIVE_MOVE_REFUSED, current=DirectiveStatus, target=DirectiveStatus)

        nav_item(_("Relationships"), "relations:home", order=40)
        todo_provider(todo.relation_todos)
        register_panel(
            "assessments",
            _("Relationship assessments"),
            order=80,
            template="relations/_panel_assessments.html",
            context=selectors.account_panel,
        )
        register_panel(
            "needs",
            _("Needs and countermeasures"),
            order=90,
            template="relations/_panel_needs.html",
            context=selectors.need_panel,
        )
        register_panel(
            "demand",
            _("Demand analysis"),
            order=100,
            template="relations/_panel_demand.html",
            context=selectors.demand_panel,
        )
        if apps.is_installed("kam.reports"):
            from kam.relations import reporting
            from kam.reports.widgets import register_widget

            register_widget(
                "directives",
                title=_("Regional directives"),
                boards={"region", "company"},
                template="relations/_directives_widget.html",
                figures=reporting.directive_figures,
                order=40,
            )
            register_widget(
                "needs_due",
                title=_("Needs due this month"),
                boards={"specialist", "ka_manager"},
                template="relations/_needs_widget.html",
                figures=reporting.needs_due_figures,
                order=30,
            )
