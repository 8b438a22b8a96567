"""After Accept: We've connected (`contact.py`), check-ins (`check_ins.py`), hand-off
(`hand_off.py`) and closing with an outcome (`closing.py`), all by the supporter holding the
case. Which move is allowed from which state is the table in bot/cases/lifecycle.py."""
