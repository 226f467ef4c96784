"""The checklist's judging rules on short policies written in the wording real
policies use (paraphrased from the tuning gold, not copied), positive and
negative: each row is a policy text, a requirement and the status it must get."""

from __future__ import annotations

import pytest

from policy_audit import audit

INTRO = "Acme Ltd operates this app. Contact us at privacy@acme.example.\n\n"

CASES = [
    # 13(2)(f): profiling described in plain words is partial; a clear "none" is met
    ("We and our partners show you targeted advertisements based on your interests.",
     "13(2)(f)", "partial"),
    ("Our partners make educated guesses about your interests to choose the ads you see.",
     "13(2)(f)", "partial"),
    ("We do not use automated decision-making or profiling.", "13(2)(f)", "met"),
    ("You have the right to object to profiling.", "13(2)(f)", "partial"),
    ("We show the same banner to every visitor of the site.", "13(2)(f)", "missing"),
    # 12(3): a stated deadline or a vague time for a request is partial
    ("We will respond to your request within 30 days.", "12(3)", "partial"),
    ("Please allow 30 days for a response to your request.", "12(3)", "partial"),
    ("If your data is wrong, tell us and we will correct it as soon as we can.",
     "12(3)", "partial"),
    ("We keep invoices for 30 days.", "12(3)", "missing"),
    # 13(1)(b): a generic contact without a DPO is partial
    ("The company can be contacted by mail or phone.", "13(1)(b)", "partial"),
    # 13(2)(c) and 21: an opt-out of marketing is partial withdrawal / objection
    ("We rely on your consent for newsletters. If you do not want to receive our "
     "newsletter, please update your preferences.", "13(2)(c)", "partial"),
    ("You can remove your name from any of our mailing lists at any time.", "21", "partial"),
    ("To opt out of the DART cookies, visit the Google ad settings page.", "21", "partial"),
    # 13(2)(b): an unsubscribe alone is one right, so partial
    ("You can unsubscribe from our direct marketing offers at any time by e-mail.",
     "13(2)(b)", "partial"),
    # 13(2)(e): voluntary provision with a consequence
    ("Visitors can, of course, choose not to provide any data, but some functions may "
     "then only be available to a limited extent.", "13(2)(e)", "met"),
    ("For a better experience we may require you to provide us with certain personal "
     "information. If you refuse our cookies, you may not be able to use some portions of "
     "this Service.", "13(2)(e)", "partial"),
    ("Some services require you to provide your name; without it we cannot register you.",
     "13(2)(e)", "met"),
    # 12(5): free of charge only under California law or for a dispute service is not met
    ("California residents may request, once a year and free of charge, a list of the "
     "third parties we disclosed data to.", "12(5)", "partial"),
    ("Contact our dispute resolution provider (free of charge) about an unresolved "
     "request.", "12(5)", "missing"),
    ("You can request a copy of your data free of charge.", "12(5)", "met"),
    # 19: "information" is not "inform"
    ("Information about the recipients and the deletion of data is in section 4.",
     "19", "missing"),
    ("Any rectification or erasure of personal data will be communicated to each "
     "recipient to whom the data has been disclosed.", "19", "met"),
    # 13(1)(c): "to comply with legal obligations" is a purpose, not a basis tied to one
    ("We use your data to provide the service and to comply with our legal obligations.",
     "13(1)(c)", "partial"),
    ("We use your e-mail address to send offers, based on our legitimate interest in "
     "marketing our products.", "13(1)(c)", "met"),
    # 16 and 17: reserving the right to modify the policy, changing settings and
    # deleting children's data collected by mistake are not the rights
    ("We reserve the right to modify this Privacy Policy at any time.", "16", "missing"),
    ("You may access and change your settings through the Facebook settings page.",
     "16", "missing"),
    ("If we learn that we collected data from a child under 13, we will delete such "
     "information from our records.", "17", "missing"),
    ("You have the right to ask us to delete your personal data.", "17", "met"),
    # 13(1)(f): "partners who ensure adequate protection" is no transfer statement;
    # "not shared with foreign entities" is a clear no; lower protection abroad is partial
    ("We only work with processing partners who ensure an adequate level of protection "
     "of your personal data.", "13(1)(f)", "missing"),
    ("We do not share your personal data with foreign entities.", "13(1)(f)", "met"),
    ("Some of our service providers may be located in jurisdictions that offer a lower "
     "level of data protection.", "13(1)(f)", "partial"),
    # 13(1)(e): authorities on legal demand only is partial; a business category is met
    ("We may share your information with service providers, affiliates and business "
     "partners, and with public authorities where the law requires it.", "13(1)(e)", "partial"),
    ("We share your order details with parcel carriers to deliver your order.",
     "13(1)(e)", "met"),
    # 12(3): "action your request within one month" plus the extension
    ("We will action your request within one month of receiving it. For complex requests "
     "the time limit may be extended by a further two months.", "12(3)", "met"),
    # wordings from the heldout-4 errors (read after its one scoring)
    ("We'll usually share this with you within 30 days of you asking us for it.",
     "12(3)", "partial"),
    ("You can have the information you provided to us sent to another organization. "
     "Contact us to do so.", "20", "met"),
    ("We use your prior visits and purchases to make the advertising you see on other "
     "websites more relevant to you.", "13(2)(f)", "partial"),
    ("Users are able to change their personal information by emailing us.", "16", "met"),
    ("If you agreed to direct marketing, you may change your mind at any time by writing "
     "to or emailing us.", "21", "partial"),
    ("You can choose not to receive our text messages by responding STOP.", "13(2)(c)",
     "partial"),
    # security is not retention; "unable to access parts of the site" is not access;
    # US "right to limit sharing" and marketing "restrict the collection or use" are not Art. 18
    ("We keep your information confidential and store it in secure environments.",
     "13(2)(a)", "missing"),
    ("If you disable cookies you may be unable to access certain parts of our Website.",
     "15", "missing"),
    ("Federal law gives you the right to limit only sharing for affiliates' everyday "
     "business purposes.", "18", "missing"),
    ("You may choose to restrict the collection or use of your personal information for "
     "marketing by writing to us.", "18", "missing"),
    # a purpose "unless you have opted not to receive" it is no withdrawal route
    ("We rely on your consent. To send you news and offers unless You have opted not to "
     "receive such information. To contact You by email about updates.", "13(2)(c)",
     "missing"),
    # wordings from the heldout-5 errors (read after its one scoring)
    ("If you request, we will provide you a copy of your personal data. Contact us to "
     "exercise your rights.", "15", "met"),
    ("Every affected person has the right to information according to article 15 GDPR "
     "and the right to data transmission from article 20 GDPR. Contact us.", "20", "met"),
    ("If you'd like to delete, modify or update the data that you gave us, contact us.",
     "16", "met"),
    ("Aggregating data allows us to update and correct the information in our database.",
     "16", "missing"),
    ("The developer reserves the right to change or update this Policy at any time.",
     "16", "missing"),
    ("Our connections use secure data transmission.", "20", "missing"),
    ("Anyone receiving email updates who wishes to be removed from the list can use the "
     "unsubscribe link.", "21", "partial"),
    ("If you use a third party social networking service integrated with the Service, we "
     "may receive information about you from it.", "14(2)(f)", "partial"),
    ("We only collect data that you give us directly.", "14(2)(f)", "not_applicable"),
    # 18 and 20 in long rights sentences
    ("You may request that the processing of specific information about you is "
     "restricted while we verify your concerns. Contact us to exercise this right.",
     "18", "met"),
    ("You may ask to receive your information in a commonly used electronic format. "
     "Contact us to exercise this right.", "20", "met"),
    # wordings from the round-6 tuning errors (heldout-6 and older, read after scoring);
    # INTRO gives a contact, so a right stated anywhere is met
    ("You will be able to access the details we hold about you.", "15", "met"),
    ("You may ask us for a copy of all your personal data. Write to us to do so.",
     "15", "met"),
    ("On request by post or e-mail we will provide to the visitor a summary of any "
     "personal information we hold about them.", "15", "met"),
    ("The company reserves the right to review links at any time.", "15", "missing"),
    ("Some details, such as your postal address, can be updated or corrected by calling "
     "our helpline.", "16", "met"),
    ("If you want to modify or delete from our database any data you submitted, let us "
     "know.", "16", "met"),
    ("You may have the right to seek correction or amendment of inaccurate data about "
     "you.", "16", "met"),
    ("You may request that we amend, delete or cease processing of personal data.",
     "18", "met"),
    ("You have the right to ask us to stop using your data until it has been corrected.",
     "18", "met"),
    ("We will respond to every request within a reasonable timeframe.", "12(3)", "partial"),
    ("We will respond within the time period prescribed by applicable law.", "12(3)",
     "partial"),
    ("We may charge you a fee for the exercise of your rights where the law permits it.",
     "12(5)", "partial"),
    ("We will provide you a copy of your data in an electronic format if you ask.",
     "20", "met"),
    ("Our partners personalize the ads you see on other websites.", "13(2)(f)", "partial"),
    ("Vendors serve ads based on your past visits to our website.", "13(2)(f)", "partial"),
    ("We may use computer-system decisions to detect fraud.", "22", "partial"),
    ("Your data may be processed and stored on servers in the U.S. or another country.",
     "13(1)(f)", "partial"),
    ("Cookies help us remember the U.S. state you selected.", "13(1)(f)", "missing"),
    ("We use data for our legitimate business needs and interests.", "13(1)(d)", "partial"),
    ("If we send you promotional e-mails you did not ask for, you may request no future "
     "notices at the address given in them.", "21", "partial"),
    ("If you would like to opt out of the use of your information for such purposes, use "
     "the link below.", "21", "partial"),
    ("If you share contact details with us, you will have the opportunity to update that "
     "information.", "16", "met"),
    ("Aggregated data allows the company to update and correct the information in its "
     "database.", "16", "missing"),
    ("Players can ask for their old e-mail address to be removed.", "17", "met"),
    ("We will remove your information from our records on request.", "17", "met"),
    ("You may have the right to request access to, correct, delete, port, restrict, or "
     "object to certain uses of your data.", "18", "met"),
    ("Users may opt out of these communications at any time.", "21", "partial"),
    ("You can request an exported file of the personal data we hold about you.", "20",
     "met"),
    # wordings from the heldout-7 errors (read after its one scoring)
    ("You can exercise your rights at any time and ask us for access to your "
     "information.", "15", "met"),
    ("In certain circumstances you can request that we transfer personal information you "
     "provided to us.", "20", "met"),
    ("If you request limitations to processing, some services may stop.", "18", "met"),
    ("We will respond to your request in a reasonable timeframe.", "12(3)", "partial"),
    ("Where data is processed by third parties, we will forward your requests for "
     "correction, deletion or limitation to them.", "19", "met"),
    ("Purchases may be forwarded to third parties, including without limitation payment "
     "services.", "19", "missing"),
    ("If you have agreed to receive marketing, you may always opt out at a later date. We "
     "rely on your consent for newsletters.", "13(2)(c)", "partial"),
    ("Partners deliver ads relevant to your interests.", "13(2)(f)", "partial"),
    ("You can request removal of information you posted publicly.", "17", "met"),
    ("A member can edit or delete his or her profile at any time.", "17", "met"),
    ("Federal law requires money services businesses to obtain and verify information "
     "that identifies each customer.", "13(2)(e)", "partial"),
    ("If you agree in the app, we store data imported from Apple Health or Google Fit.",
     "14(2)(f)", "met"),
    ("We receive some data indirectly from analytics providers.", "14(2)(f)", "met"),
    # 13(2)(a): storage alone is no retention statement; an end point or criterion is
    ("All information we gather is stored in databases only our staff can access.",
     "13(2)(a)", "missing"),
    ("The information that we request will be retained by us and used as described in "
     "this privacy policy.", "13(2)(a)", "missing"),
    ("We will not keep your card details once a transaction is completed.", "13(2)(a)",
     "partial"),
    ("We retain your information for as long as your account is active.", "13(2)(a)",
     "partial"),
    ("You have the right to opt out of profiling in furtherance of decisions that "
     "produce legal or similarly significant effects.", "13(2)(f)", "partial"),
    # wordings from the heldout-8 errors (read after its one scoring)
    ("You have the right to ask us to restrict certain uses of information relating to "
     "you.", "18", "met"),
    ("Each user may ask that we provide an overview of their personal data to another "
     "responsible party, if technically feasible.", "20", "met"),
    ("If you do not want these data to be tracked, you may not use the app.", "13(2)(e)",
     "partial"),
    ("You can control what information we use to show you ads by visiting your ad "
     "settings.", "21", "partial"),
    ("If we shared data about you with a third party and that data is later corrected, we "
     "will also notify that party.", "19", "met"),
    ("Personal information may be transferred to, processed, stored and accessed by us, our "
     "affiliates and our service providers in the United States.", "13(1)(f)", "partial"),
    ("Under the GDPR you have the following rights:\n- access to your data;\n- deletion;"
     "\n- restriction;\n- objection.", "18", "met"),
    ("You have the following rights:\n- access to your data;\n- deletion;", "17", "met"),
    ("Access to our website is free for everyone.", "15", "missing"),
    ("If you believe your privacy rights were violated, you may file a complaint with the "
     "Secretary of the Department of Health and Human Services.", "13(2)(d)", "met"),
    ("You may initiate the transfer of your records to another person with a written form.",
     "20", "met"),
    ("If you wish, you can set your browser to refuse cookies or delete any existing "
     "cookies from your computer.", "17", "missing"),
    ("We have no obligation to update any information on our app.", "16", "missing"),
    ("Some materials were donated and may be subject to restrictions on use.", "18",
     "missing"),
    ("If we learn we collected data from a child under 13, we will delete that "
     "information.", "13(2)(b)", "missing"),
    # wordings from the heldout-9 errors (read after its one scoring)
    ("If you would like to access, review, correct, update, suppress, or otherwise limit "
     "our use of your information, contact us.", "18", "met"),
    ("While we restrict their further use of such information, third parties may still "
     "identify you.", "18", "missing"),
    ("While we restrict their further use of such information, such third parties may be "
     "able to identify you.", "19", "missing"),
    ("The company has the right to remove user content for any reason, including, without "
     "limitation, if it violates our terms.", "18", "missing"),
    ("The State Attorney General enforces this Act.", "13(2)(d)", "partial"),
    ("You do not have to provide personal information to visit our site.", "13(2)(e)",
     "partial"),
    # wordings from the heldout-10 errors (read after its one scoring)
    ("There are no charges for requesting access to your personal information.", "12(5)",
     "met"),
    ("If you e-mail us to change your preferences, we will implement your requested changes "
     "within a reasonable period of time.", "12(3)", "partial"),
    ("You may choose whether to receive from us offers and promotions.", "21", "partial"),
    ("If you are still unhappy, you can contact the Communications Authority.", "13(2)(d)",
     "met"),
    # wordings from the heldout-11 errors (read after its one scoring)
    ("Nothing in this policy is intended to restrict our use of aggregated information.",
     "18", "missing"),
    ("You can delete similar data used by browser add-ons, such as Flash cookies, in "
     "their settings.", "17", "missing"),
    ("If we transfer part of our business or assets to another organization, your data "
     "may go with it.", "20", "missing"),
    ("We reserve the right to access and share your information for matters of public "
     "safety.", "15", "missing"),
    ("You can access this list to review the privacy policies of our partners.", "15",
     "missing"),
    ("Where we can provide information access and correction, we will do so for free, "
     "except where it would require a disproportionate effort.", "12(5)", "met"),
    ("You can take information associated with your account out of our services.", "20",
     "met"),
    ("To review or remove the optional email address, please use this form.", "17", "met"),
    ("Update your account at any time by logging in and changing your profile settings.",
     "16", "met"),
    ("If you wish to exclude your personal information from our direct marketing, contact "
     "us.", "21", "partial"),
    ("Disabling cookies may prevent you from using certain features.", "13(2)(e)",
     "missing"),
]



@pytest.mark.parametrize(("text", "rid", "status"), CASES,
                         ids=[f"{rid}-{i}" for i, (_, rid, _) in enumerate(CASES)])
def test_rule_decides_status(text: str, rid: str, status: str) -> None:
    assert audit(INTRO + text + "\n").verdict(rid).status == status


def test_without_qualifies_cue_co_occurrence_and_count_conditions_only() -> None:
    from policy_audit.catalogue import _check_condition

    cues = {"a", "b", "c"}
    _check_condition({"cue": "a", "without": "b"}, cues, "x")
    _check_condition({"same_sentence": ["a", "b"], "without": ["c"]}, cues, "x")
    _check_condition({"same_section": ["a", "b"], "without": "c"}, cues, "x")
    _check_condition({"count": ["a", "b"], "without": "c"}, cues, "x")
    with pytest.raises(ValueError, match="'without' qualifies"):
        _check_condition({"entity": "controllers", "without": "c"}, cues, "x")
    with pytest.raises(ValueError, match="unknown cue group"):
        _check_condition({"same_sentence": ["a", "b"], "without": "zzz"}, cues, "x")


def test_classifier_scores_are_computed_only_when_a_rule_missing_verdict_needs_them() -> None:
    from policy_audit import ingest, judge, segment
    from policy_audit.extract import Context, extract

    def judged(text: str) -> bool:
        doc = ingest.load(text)
        sections = segment.sections(doc)
        ctx = Context(doc=doc, sections=sections, sentences=segment.sentences(doc, sections))
        extract(ctx)
        scores, info = judge.model_scores(ctx)
        assert info["method"] == "rules+model"
        judge.judge(ctx, scores=scores)
        return scores.computed

    # controller, contact and recipients all found by the rules: no requirement
    # with a classifier threshold is missing, so the model never runs
    assert not judged(INTRO + "We share your data with PayPal for payments.\n")
    # nothing about recipients or the controller: the model is consulted
    assert judged("We like cats. Cats are nice animals that sleep a lot.\n")
