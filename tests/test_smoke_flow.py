from flows import dms_to, load_roster, refer_self, wait_for_dm


def test_self_referral_reaches_a_supporter(bot):
    load_roster(bot.services)
    refer_self(bot)
    wait_for_dm(bot.slack, "USUP1", "peer conversation")
    wait_for_dm(bot.slack, "UCLIN1", "Thank you for reaching out")
