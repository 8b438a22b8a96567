"""After Accept: contact, check-ins, hand-off and closing, all by the supporter holding the case.

accepted ──We've connected──> contacted ──check-ins──> closed
   │ Couldn't reach them: asked again after CONTACT_NUDGE_AFTER
   │ Hand off: back to matching, this supporter excluded; the clinician notices nothing
   └── Close case with an outcome, at any point
"""
