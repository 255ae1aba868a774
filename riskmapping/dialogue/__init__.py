"""Bilag 6, the dialogue method: planning the meeting, its phases on the projector board,
the participants' phones, the results and the summary."""
