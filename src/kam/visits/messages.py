"""The services' error messages, marked for the catalogue: pages show them as ``error.localized()``.

The API answers with the English text the tests assert; the constants live beside the code that raises them.
"""

from django.utils.translation import gettext_noop

MESSAGES = (
    gettext_noop("Latitude must be between -90 and 90."),
    gettext_noop("Longitude must be between -180 and 180."),
    gettext_noop("Unknown coordinate system: use wgs84, gcj02 or bd09."),
    gettext_noop("An expense must be more than 0 and at most 100000."),
    gettext_noop("Give both latitude and longitude, or neither."),
    gettext_noop("Say why: an explanation is required."),
    gettext_noop("The time lies in the future."),
    gettext_noop("Unknown plan code: use A, B or C."),
    gettext_noop("Unknown result code: use A, B, C, D or E."),
    gettext_noop("The contact does not belong to this account."),
    gettext_noop("Name the person who signs in."),
    gettext_noop("The end must come after the start."),
    gettext_noop("The accuracy cannot be negative."),
    gettext_noop("The day's report is already submitted: the visit can no longer be changed."),
    gettext_noop("This field cannot be changed after the visit is recorded."),
    gettext_noop("A cancelled appointment cannot be changed."),
    gettext_noop("This field cannot be changed here."),
    gettext_noop("Say what the contact is for."),
    gettext_noop("Say when the contact is planned."),
    gettext_noop("A daily report cannot be written for a future day."),
    gettext_noop("There is already a report for this day."),
    gettext_noop("Only a draft report can be changed or submitted."),
    gettext_noop("This report is not waiting for your sign-off."),
)
