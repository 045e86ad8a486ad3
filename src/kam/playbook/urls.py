"""Pages of the playbook, under /playbook/.

The names carry a ``playbook_`` prefix instead of an app namespace, so that other apps' templates can
link to them as ``{% url 'playbook_kits' %}``.
"""

from django.urls import path

from kam.playbook.views import content, library, training

urlpatterns = [
    path("", content.home, name="playbook_home"),
    path("topics/<slug:slug>/", content.topic_detail, name="playbook_topic"),
    path("topics/<slug:slug>/versions/", content.topic_versions, name="playbook_topic_versions"),
    path("topics/<slug:slug>/edit/", content.topic_edit, name="playbook_topic_edit"),
    path("listening-test/", content.listening_test, name="playbook_test"),
    path("listening-test/history/", content.listening_history, name="playbook_test_history"),
    path("listening-test/team/", content.listening_team, name="playbook_test_team"),
    path("scripts/", content.script_list, name="playbook_scripts"),
    path("scripts/<slug:code>/", content.script_detail, name="playbook_script"),
    path("coach/", content.coach, name="playbook_coach"),
    path("products/", library.product_list, name="playbook_products"),
    path("products/new/", library.product_create, name="playbook_product_create"),
    path("products/<int:product_id>/", library.product_detail, name="playbook_product"),
    path("collateral/new/", library.collateral_create, name="playbook_collateral_create"),
    path("collateral/<int:collateral_id>/file/", library.collateral_file, name="playbook_collateral_file"),
    path("kits/", library.kit_list, name="playbook_kits"),
    path("kits/<int:kit_id>/", library.kit_detail, name="playbook_kit"),
    path("franklin/", library.franklin_list, name="playbook_franklin_list"),
    path("franklin/<int:sheet_id>/", library.franklin_detail, name="playbook_franklin"),
    path("training/", training.training_home, name="playbook_training"),
    path("training/export.xlsx", training.training_export, name="playbook_training_export"),
    path("training/courses/<int:course_id>/", training.course_detail, name="playbook_course"),
]
