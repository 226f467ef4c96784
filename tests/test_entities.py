"""Recognizer tables: real sentences (seeds, t200-dev, MAPP wording, including
machine-translated phrasing) and constructed ones, with negative cases."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from policy_audit import ingest, segment
from policy_audit.evaluate.entities import norm, text_score, value_score
from policy_audit.extract import Context, extract
from policy_audit.extract.dates import parse_date


def run(text: str) -> dict:
    doc = ingest.load(text.encode("utf-8"), path="t.txt")
    sections = segment.sections(doc)
    ctx = Context(doc=doc, sections=sections, sentences=segment.sentences(doc, sections))
    ents = extract(ctx)
    for items in ents.values():  # every offset indexes the decoded text exactly
        for e in items:
            assert doc.text[e.start:e.end] == e.text
    return ents


def texts(ents: dict, etype: str) -> list[str]:
    return [e.text for e in ents[etype]]


@pytest.mark.parametrize("text, name", [
    ("Privacy Policy\nCompany (referred to as either \"the Company\", \"We\", \"Us\" or \"Our\" "
     "in this Agreement) refers to EDS.\n", "EDS"),
    ("Privacy Policy\nCompany (referred to as either \"the Company\", \"We\", \"Us\" or \"Our\" "
     "in this Agreement) refers to FERNWEH DOMAINENROLL PVT LTD , #677, 1st Floor.\n",
     "FERNWEH DOMAINENROLL PVT LTD"),
    ("Privacy Policy\nAndrea Sabbatini built the Parks Landscapes app as a Free app.\n",
     "Andrea Sabbatini"),
    ("Privacy Policy\nThis Privacy Notice describes how Boehringer Ingelheim International GmbH "
     "(hereafter \"Boehringer Ingelheim\", \"we\", \"our\", \"us\") uses your data.\n",
     "Boehringer Ingelheim International GmbH"),
    ("Privacy Policy\nThis Privacy Policy sets out how IKEA North America Services, LLC (\"IKEA\", "
     "\"we,\" \"our,\" or \"us\") collect your data.\n", "IKEA North America Services, LLC"),
    ("Contact\nBy mail: UBISOFT ENTERTAINMENT SA (data controller), 17, avenue Henri Fréville.\n",
     "UBISOFT ENTERTAINMENT SA"),
    ("Privacy Policy\nEducation Rogers Media (“Developer”) is concerned about the privacy of "
     "the data.\n", "Education Rogers Media"),
    ("Privacy\nThe data controller is Magneta, 3 rue de la Paix, Paris.\n", "Magneta"),
    # round 3: app templates, definitions, addresses and contact headings
    ("Privacy Policy\nseven tech built thebusiness station app as a Free app. This SERVICE is "
     "provided by mohamed abdelrahman mohamed at no cost and is intended for use as is.\n",
     "mohamed abdelrahman mohamed"),
    ("Privacy Policy\nThis SERVICE is provided by Rassyna and is intended for use as is.\n",
     "Rassyna"),
    ("Privacy Policy\nThis privacy policy applies to the Skin Tools app (hereby referred to as "
     "the \"Application\") for mobile devices that was created by khagesh sahu (hereby referred "
     "to as the \"Service Provider\") as a Free service.\n", "khagesh sahu"),
    ("Australian Daily Prayer private policy\nThe Android app the Australian Daily Prayer "
     "created by ampers does not collect any data from its users.\n", "ampers"),
    ("Definitions\nThe Company: (referred to as either “the Company”, “We”, “Us” or “Our” in "
     "this Agreement) refers to KWEEKK Sarl, located in Douala.\n", "KWEEKK Sarl"),
    ("1. GENERAL Regarding the Services The Jodel Venture GmbH, Wilhelmstraße 118, 10963 Berlin "
     "(\"Jodel\", \"we\", \"us\" or \"our\") is the controller.\n", "Jodel Venture GmbH"),
    ("Privacy Policy\nThis Privacy Statement explains how iSmartOffice (“iSmartOffice,” “we,” "
     "“us,” or “our”) handles your personal information.\n", "iSmartOffice"),
    ("Privacy Policy\nThis Policy is a legally binding agreement between you and faceyogi.life "
     "(\"faceyogi.life\", \"we\", \"us\" or \"our\").\n", "faceyogi.life"),
    ("1. Who is responsible for data processing?\nThe responsible position is: Stocard GmbH\n"
     "You can reach our data protection officer.\n", "Stocard GmbH"),
    ("Bimi Boo Privacy Policy\nData Controller Contact Information: Bimi Boo Kids Inc., 8 The "
     "Green, Dover, Delaware.\n", "Bimi Boo Kids Inc"),
    ("About\nContact us Privacy Policy © Copyright My Town Games Ltd 2020 | Privacy\n",
     "My Town Games Ltd"),
    ("Legal\nIMPRINT PRIVACY TERMS OF SERVICE© 2020 The Jodel Venture GmbH. All Rights "
     "Reserved.\n", "Jodel Venture GmbH"),
    # round 4: US policies (OPP-115 wording), titles, addresses, Privacy Shield
    ("Zacks Investment Research Privacy Policy\n\nSince our inception in 1978, we have sought "
     "long-term relationships.\n", "Zacks Investment Research"),
    ("RedOrbit, Inc. Privacy Statement\n\nThis privacy statement covers the site.\n",
     "RedOrbit, Inc"),
    ("Privacy Policy\n\nThis Privacy Statement sets forth the practices of Sports Reference LLC, "
     "its subsidiaries, and affiliates (collectively referred to as \"SRL\") in connection "
     "with the sites.\n", "Sports Reference LLC"),
    ("Any.do Privacy Policy\nThis privacy policy governs how we, Any.do Inc. and its affiliates "
     "(\"Any.do\" \"we\", \"our\" or \"us\") use information.\n", "Any.do Inc"),
    ("Privacy Shield\nCurrently our subsidiary Carbon Black, Inc. participates in the EU-U.S. "
     "and EU-Swiss Privacy Shield frameworks.\n", "Carbon Black, Inc"),
    ("Safe Harbor\nThe framework covers European Union member countries and Switzerland. AOL has "
     "certified that it adheres to the Safe Harbor Privacy Principles.\n", "AOL"),
    ("Contact\nAll other notices sent to SRL should use the following address:\n\nSports "
     "Reference LLC\n\n6757 Greene St, Suite 315\n\nPhiladelphia, PA 19119\n",
     "Sports Reference LLC"),
    ("Contact\nYou can contact:\n\nOnline Privacy Coordinator\n\nGannett Law Department\n\n"
     "7950 Jones Branch Drive\n\nMcLean, VA 22107\n", "Gannett Law Department"),
    ("Welcome to our Privacy Policy\n-- Your privacy is critically important to us.\nMF Trade is "
     "located at:\n- MF Trade\n- 604, Time Square Building,\n", "MF Trade"),
    ("Contact\nWe are registered as Avast Software s.r.o. and our registered address is Pikrtova "
     "1737/1a, Prague 4.\n", "Avast Software s.r.o"),
    ("Privacy Policy\nThe finderly GmbH, Donau-City-Straße 1, 1220 Vienna, Austria (hereinafter "
     "referred to as \"Operator\") operates website and apps.\n", "finderly GmbH"),
    ("Bank of America U.S. Online Privacy Notice\n\nThe term \"Bank of America\" or \"we\" or "
     "\"us\" in this Notice refers to affiliates.\n", "Bank of America"),
    ("OpenSecrets.org Privacy Policy\n\nThe Center for Responsive Politics (CRP) takes your "
     "privacy very seriously. CRP is the sole owner of the information collected.\n", "CRP"),
    ("Privacy Policy\n\nYour privacy is important to us. Public Citizen does not automatically "
     "collect personal information.\n", "Public Citizen"),
    ("Privacy Policy\nThe service is provided by ALG Software Lab LLC (next: Owner), and is "
     "provided as is.\n", "ALG Software Lab LLC"),
    ("Privacy Policy\nPrivacy is a fundamental right, and at Amazing grace theological institute "
     "(Company/Us/We/Our), it is treated as such.\n", "Amazing grace theological institute"),
    ("PRIVACY POLICY\n\nThis policy describes the privacy practices of MediaNews Group, Inc., and "
     "MediaNews Group affiliates.\n", "MediaNews Group, Inc"),
    ("Privacy Policy\n\nThis Privacy Policy describes the practices that Miami New Times, LLC "
     "(\"Miami New Times\") follows.\n", "Miami New Times, LLC"),
    ("PRIVACY STATEMENT\n\nOUR COMMITMENT TO PROTECTING YOUR PRIVACY Community Coffee Company "
     "respects your right to privacy and is committed to protecting it.\n",
     "Community Coffee Company"),
    ("Privacy Policy\n\nNaturalNews.com never rents or sells emails to third parties.\n",
     "NaturalNews.com"),
    ("lynda.com Privacy Policy\n\nWe are lynda.com, Inc., located at 6410 Via Real, Carpinteria, "
     "CA 93013, USA.\n", "lynda.com, Inc"),
    ("Privacy Policy\n\nThis statement is provided on behalf of Allstate Insurance Company and the "
     "affiliates (\"Allstate\") listed at the end of this notice.\n", "Allstate Insurance Company"),
    ("Last updated on October 1, 2013\nRockstar Games, Inc.,a United States company, its parent "
     "and its subsidiaries (collectively the \"Company\"), respects the privacy rights of our "
     "users.\n", "Rockstar Games, Inc"),
    ("Privacy Policy\nThis privacy policy describes how Hearst Communications, Inc.and its "
     "Affiliates (collectively, \"Hearst\") treat information.\n", "Hearst Communications, Inc"),
    ("Privacy\nProtecting personal client information is a fairly large responsibility. Hence, "
     "XongoLab respects your privacy and safeguards the info.\n", "XongoLab"),
    ("Privacy Policy\nThis privacy notice for 709 Treasure Trove (doing business as 709 Crystal "
     "Corner) (\"709 Crystal Corner,\" \"we,\" "
     "\"us,\" or \"our\"), describes how we collect data.\n", "709 Crystal Corner"),
    ("PayPal Privacy Statement\nWho is providing this Privacy Statement? This privacy notice is "
     "provided by PayPal, Inc. and is applicable to your data.\n", "PayPal, Inc"),
    ("Privacy and Security Policy\n1. General information\nWe, MindDoc Health GmbH, "
     "Leopoldstraße 13, Munich, are responsible.\n", "MindDoc Health GmbH"),
    ("Privacy and Security Policy 1. General informationWe, MindDoc Health GmbH, Leopoldstraße "
     "13, Munich, are responsible.\n", "MindDoc Health GmbH"),
    ("Shield\nWe adhere to the Privacy Shield Framework. Wix is committed to subjecting data to "
     "the principles.\n", "Wix"),
    ("Privacy Policy\nJibJab Bros. Studios (\"JibJab\", \"we\", \"us\") runs the site.\n",
     "JibJab Bros. Studios"),
    ("Footer\nCookies All third party trademarks are the property of their owners. | © 1988-2020 "
     "Copyright Avast Software s.r.o.\n", "Avast Software s.r.o"),
])
def test_controllers(text: str, name: str) -> None:
    assert name in texts(run(text), "controllers")


@pytest.mark.parametrize("text, bad", [
    # "provided by Us. If You ..." is not an organisation
    ("Terms\nThe Service is provided by Us. If You have questions, write to us.\n", "Us. If You"),
    # an address ending a definition is not the controller
    ("Who we are\nFanatee INC., located at 100 Third Avenue, FL 33394, USA (collectively "
     "referred to as \"Fanatee\", \"we\", \"us\") runs games.\n", "USA"),
    # an address line before a definition is not the name
    ("Who we are\nFanatee INC., a Delaware company, located at 100 Southeast Third Avenue, "
     "Suite 1000, FL 33394, USA (collectively referred to as \"Fanatee\", \"we\") runs "
     "games.\n", "Southeast"),
    # "developed by our team", "provided by a third party": no name
    ("About\nThe app was developed by our team in Berlin, and we love it.\n", "our team"),
    ("Ads\nThis app is built by a small studio, and is free.\n", "a small studio"),
    # a date before a definition is not the name
    # the owner of a recipient's platform is no controller
    ("Facebook\nFacebook and Instagram are operated by Facebook Ireland Ltd, 4 Grand Canal "
     "Square, Dublin 2 Ireland (\"Facebook\").\n", "Facebook Ireland Ltd"),
    ("HearMax Privacy Policy\nEffective date: June 05, 2019 HearMax (\"us\", \"we\", or "
     "\"our\") operates the app.\n", "June 05"),
    # round 4: a menu line above the title, a recipient's certification, an alias
    ("Games About Shop Contact MoreNewsPrivacy Policy Privacy Policy\nEffective Date: Feb 19, "
     "2020\n", "Games"),
    ("Analytics\nGoogle complies with the EU-U.S. Privacy Shield Framework.\n", "Google"),
    ("Privacy Policy\n\nThis Privacy Statement sets forth the practices of Sports Reference LLC, "
     "its subsidiaries, and affiliates (collectively referred to as \"SRL\") in connection "
     "with all sites owned or operated by SRL.\n", "SRL"),
    ("Privacy Policy\n\nThe GW Medical Faculty Associates (MFA) is committed to respecting your "
     "privacy. You can visit The MFA on the Web. The MFA is committed to privacy.\n", "The MFA"),
    ("TERMS OF USE PRIVACY POLICY\nThese terms apply.\n", "TERMS OF USE"),
    ("Contact\nWrite to our Chief Compliance Officer\n\nChief Compliance Officer\n1 Main "
     "Street\n", "Chief Compliance Officer"),
    # a heading run into the sentence: "... Information We are committed"
    ("Security\nPlease contact us.\n\nThe Security of Your Personal Information We are committed "
     "to maintaining the privacy of your information.\n",
     "The Security of Your Personal Information We"),
    # a name run on from the sentence before, a phrase cut at a generic word
    ("Feedback\nWe have several feedback forms on websites operated by The News-Post. Any "
     "feedback submitted is ours.\n", "The News-Post. Any"),
    ("University of Houston Privacy Policy\n\nThe Division of Information Technology maintains "
     "the University of Houston Web site as a public service.\n", "Division"),
    ("Privacy Policy\n\nThis is the web site of the Federal Reserve Bank of St. Louis. The Bank "
     "respects your privacy.\n", "Louis"),
    ("Analytics\nAnalysis is performed for us by Google Analytics, and may use cookies set by "
     "Google. For Google's Privacy policy, see its site. The site is operated by Google.\n",
     "Google"),
])
def test_controllers_negative(text: str, bad: str) -> None:
    assert bad not in texts(run(text), "controllers")


@pytest.mark.parametrize("text, name", [
    ("Sharing\nWe share your data with our partners: DHL, FedEx and TCS, for the delivery of "
     "your order.\n", "FedEx"),
    ("Third parties\nWe do use 3rd party services such as, Google Firebase, and Google Adsense "
     "who do share your data with advertisers.\n", "Google Adsense"),
    ("Third parties\nWe may give you the option to share with others on social media platforms, "
     "such as Instagram, Facebook or Twitter.\n", "Facebook"),
    ("Hosting\nYour data is stored on Cloud Servers of Amazon Web Services EMEA S.A.R.L. "
     "(\"AWS\") in Luxembourg.\n", "Amazon Web Services"),
    ("Analytics\nWe use Google Analytics, a web analytics service provided by Google, Inc. "
     "(\"Google\").\n", "Google"),
    ("Advertising\nWe work with third-party advertising partners such as AdRoll and Appodeal "
     "to show you ads.\n", "Appodeal"),
    # round 4: legal names in a sharing sentence, list items, lower-case names
    ("Analytics\nWe only use pseudonymized usage data that we collect through our contract "
     "processor adjust GmbH (Saarbrücker Str. 37a, Berlin).\n", "adjust GmbH"),
    ("Sharing\nWe share your data with its European affiliates such as Nintendo of Europe GmbH; "
     "Nintendo France SARL and Nintendo Benelux B.V.\n", "Nintendo France SARL"),
    ("Analytics\nWe use third party applications and services (like Google Analytics or "
     "comScore) to collect and analyze this information.\n", "comScore"),
    ("Payments\nThese are our payment processors: Payment Processor Link to Privacy Policy "
     "Location Digital River https://www.digitalriver.com/privacy-policy/ US, Ireland Nexway "
     "https://www.nexway.com/privacy/ France\n", "Nexway"),
    ("Payment Information\nWe use third-party payment service providers such as Amazon.com ( "
     "Privacy Policy), Stripe.com ( Privacy Policy), and PayPal to handle transactions.\n",
     "Stripe.com"),
    ("Ads\nOur ad partners: Chartboost https://answers.chartboost.com/privacy, Vungle "
     "https://vungle.com/privacy\n", "Vungle"),
    ("Third parties\nBelow are the links to the Privacy Policies of third-party service providers "
     "used by the Application:\n- Google Play Services\n- Glide\n- Volley\n", "Glide"),
    # round 5: a spelling of a gazetteer name; still a recipient after an e.g. with a flow
    ("Third parties\nLinks to the privacy policies of third-party service providers used by the"
     " app:\n- One Signal\n- Sentry\n", "One Signal"),
    ("Sharing\nWe share data with our ad partners (e.g. Facebook) to measure campaigns.\n",
     "Facebook"),
    ("Partners\nWe share data with our partner ACI Worldwide (EMEA) Ltd. for fraud checks.\n",
     "ACI Worldwide (EMEA) Ltd"),
    # round 6: a list after a line without a colon, a run of names after an intro, more
    # processors in the gazetteer
    ("Third parties\nLink to privacy policy of third party service providers used by the app\n"
     "Google Play Services\nAdMob\nKidoz\n\nLog Data\nWe collect data.\n", "AdMob"),
    ("Third parties\nLink to privacy policy of third party service providers used by the app\n"
     "Google Play Services\nAdMob\nToonFlix SDK\n\nLog Data\nWe collect data.\n", "ToonFlix SDK"),
    ("Kids\nWe use these services (respective privacy policies are noted below): Google Analytics "
     "Unity Kidoz SuperAwesome\n", "Kidoz"),
    ("Billing\nWe rely on Recurly, a PCI-DSS compliant merchant provider, to store payment "
     "data.\n", "Recurly"),
    ("Identity\nWe share your photo and ID document with Onfido to verify your identity.\n",
     "Onfido"),
    # names in running prose, not in the gazetteer
    ("Advertising\nWe partner with Adzerk to show our users third party banner ads.\n", "Adzerk"),
    ("Ads\nPangle is an advertising service provided by Bytedance Pte. Ltd.\nPersonal Data "
     "processed: Trackers.\n", "Bytedance Pte"),
    ("Tracking\nSome products may utilize MobileAppTracking, a HasOffers Analytics tracking "
     "service which collects data.\n", "MobileAppTracking"),
    ("Payments\nYour card number is sent to Authentication Services. Once processed by Edgil, "
     "Edgil sends us a token.\n", "Edgil"),
    ("Ads\nWe are using ADTECH technology, a service provided by ADTECH AG, for ad delivery.\n",
     "ADTECH AG"),
    # a list after a word for recipients, in a sentence that moves data
    ("Ads\nWe may use third-party advertising companies, such as Yahoo!, Google, OpenX, Lijit to "
     "serve ads when you visit our website.\n", "Lijit"),
    ("Cookies\nWe may use cookies provided by third parties, including ClearTrust, BrowserHawk, "
     "Capricorn Encryption, and WebTrends e-commerce software.\n", "ClearTrust"),
    ("Sharing\nWe share personal information with other businesses within our corporate family, "
     "such as Sam's Club and Vudu.\n", "Vudu"),
])
def test_recipients(text: str, name: str) -> None:
    assert name in texts(run(text), "recipients")


@pytest.mark.parametrize("text, bad", [
    ("Follow us\nFind us Facebook Instagram LinkedIn YouTube Twitter Get in touch.\n",
     "Instagram"),  # a footer of links
    ("Login\nIf you use your Facebook account to log into our network we receive your name.\n",
     "Facebook"),
    ("Apps\nIf you download this app via a third party app store such as Google Play or the "
     "Amazon Appstore you are subject to their policies.\n", "Amazon"),
    # products, not recipients
    ("Data\nunique device identifiers for advertising (Google Advertiser ID or IDFA, for "
     "example); Usage Data\n", "Google"),
    ("Voice\nYour messages will be transmitted to an Amazon Echo or other Alexa-enabled "
     "device.\n", "Amazon"),
    ("Apps\nIf you are using an Android device with Google apps, your device sends data.\n",
     "Google"),
    # the short name of a recipient named just before
    ("Hosting\nYour data is stored on Cloud Servers of Amazon Web Services EMEA S.A.R.L. "
     "(\"AWS\") in Luxembourg.\n", "AWS"),
    # the policy's own brand is the controller, not a recipient
    ("Privacy Policy\nThis policy applies to Wix.com Ltd. and its affiliates (\"Wix\", "
     "\"we\", \"our\", or \"us\"). If Wix is requested by a User to remove data, we do.\n",
     "Wix"),
    # round 4: an address, a menu line, a store, a sentence moving no data, the controller
    ("Facebook\nFacebook and Instagram are operated by Facebook Ireland Ltd, 4 Grand Canal "
     "Square, Dublin 2 Ireland.\n", "Square"),
    ("Contact\nGannett Law Department\n7950 Jones Branch Drive\nMcLean, VA 22107\n", "Branch"),
    ("Menu\nAndroid iPhone iPad Mac Web Siri Amazon Alexa Google Assistant Windows Chrome Firefox "
     "Coming Soon Apple Watch Wear OS Slack Desktop About Us We're hiring Tips Contact us\n",
     "Slack"),
    ("Ads\nWhen using the mobile app on Apple iOS devices you can opt out of personalized "
     "advertising.\n", "Apple"),
    ("Apps\nDepending on the platform provider (such as Apple or Google), you may be able to "
     "download apps.\n", "Apple"),
    ("About us\nThis Privacy Policy describes how Vox Media, Inc. (\"we\") collects data. We share "
     "data with partners of Vox Media, Inc. only.\n", "Vox Media, Inc"),
    ("Third parties\nLink to the privacy policy of third party service providers used by the "
     "app:\n- AdMob\nThis Service does not use cookies. However, the app may use third-party "
     "code and libraries that use cookies to collect information.\n", "However"),
    # a footer link to a social page; a legal name is not cut after a gazetteer brand
    ("Footer\n© finderly GmbH 2020 Go to Shpock on Facebook Go to Shpock on Instagram\n",
     "Instagram"),
    ("Group\nWe share data with companies that provide services in the EU: Google Ireland "
     "Limited and Google Payment Corp.\n", "Ireland Limited"),
    # a category in a list is no named recipient
    ("Sharing\nWe may share your information with the following third parties:\n- Payment "
     "Processors\n- Data Analytics Services\n- Government Entities\n", "Payment Processors"),
    ("Links\nVisit www.Google.com or https://Stripe.com/privacy for more.\n", "Stripe.com"),
    # a linked document or authority is no recipient
    ("Complaints\nYou may complain to the Belgian Privacy Commission http://www.privacycommission.be"
     " or another authority.\n", "Belgian Privacy Commission"),
    ("Ads\nSee Google's Privacy Policy https://policies.google.com/privacy for details.\n",
     "Google's Privacy Policy"),
    # round 5: a public source, a share button, a negation, an account attribute, a
    # hyphenated word, data named before a purpose, instructions about a platform
    ("Sources\nWe may use the information made publicly available, e.g. through YouTube, vk.com,"
     " Facebook, Instagram and Twitter, in order to find out your opinion.\n", "Instagram"),
    ("Jobs\nYou may also provide this information by extracting it from another online location,"
     " such as Google, Yahoo, or Talent Exchange.\n", "Yahoo"),
    ("Menu\nPrivacy Policy Share this on Facebook Share this on LinkedIn\n", "LinkedIn"),
    ("Ads\nWe have not enabled Google AdSense on our site but we may do so in the future.\n",
     "Google AdSense"),
    ("Premium\nFor Premium we also store your PayPal email and mobile phone number.\n", "PayPal"),
    ("Apps\nWe receive information when you integrate third-party apps, like Power-UPs, with "
     "our Services.\n", "UPs"),
    ("Analytics\nWe use Google Analytics to collect Usage Information, to analyze how users use "
     "the Website.\n", "Usage Information"),
    ("California\nWe share data as allowed by the California Consumer Privacy Act (CaCPA) AB 375 "
     "with service providers.\n", "Act (CaCPA) AB"),
    ("Ads\nIf you prefer not to see targeted ads, please refer to the instructions provided by "
     "the app, for example on Facebook, Twitter, Instagram, and Google.\n", "Twitter"),
    # round 6: an identifier, an API, a footer run, categories listed as items
    ("Ads\nThe Google Advertising Identifier (\"GAID\") is used on Android devices.\n", "Google"),
    ("Google API\nOur use of information received from Google APIs will adhere to the Google "
     "API Services User Data Policy.\n", "Google"),
    ("Follow us\nFacebook\nTwitter\nInstagram\n", "Twitter"),
    ("Sharing\nWe share your information with the following third parties:\n- Performance "
     "Monitoring Tools\n- Retargeting Platforms\n", "Retargeting Platforms"),
    ("Bank\nVisit the Christian Unity Centre on Main Street.\n", "Unity"),
    # prose forms: technologies, data, the site's own brand, a footer, an alias in brackets
    ("Security\nWe use Secure Socket Layer (SSL) technology to encrypt your data.\n", "Secure"),
    ("Cookies\nWe use Session Cookies to operate our Service.\n", "Session Cookies"),
    ("Data\nWe use Registration Information to set up user accounts.\n",
     "Registration Information"),
    ("Services\nThis policy applies to any services provided by Star Stable relating to the "
     "game.\n", "Star Stable"),
    ("Analytics\nWe use the following services: Adobe Analytics (Omniture) if you consent.\n",
     "Omniture"),
    # names of sources and of linked sites, not recipients
    ("Data\nData that you have made available to us from a third party service (such as LINE, "
     "WeChat, Google or Facebook) via your privacy settings\n", "WeChat"),
    ("Links\nOur Services may contain links to external sites, such as Facebook and Youtube and "
     "link content from external third party sources.\n", "Youtube"),
    ("Data\nWe may receive information from media partners or platform providers (e.g., "
     "Microsoft, Sony, Nintendo and Steam), and combine it with other data.\n", "Nintendo"),
    ("Group\nSheKnows, LLC and its affiliated companies, including StyleCaster, Inc., a Delaware "
     "corporation, share data with processors.\n", "Inc"),
])
def test_recipients_negative(text: str, bad: str) -> None:
    assert bad not in texts(run(text), "recipients")


@pytest.mark.parametrize("text, iso", [
    ("Data retention\nBilling data are kept normally seven years from the billing date.\n", "P7Y"),
    ("Retention\nWe keep your data for three (3) years after your last purchase.\n", "P3Y"),
    ("Cookies\nThis cookie is stored for not longer than 14 months.\n", "P14M"),
    ("Account\nYour account will be deleted if you do not log in for 24 consecutive months.\n",
     "P24M"),
    ("Account\nFanatee retains records of that deletion for 365 days.\n", "P365D"),
    ("Account\nIf your account is inactive for more than 24 months, we will contact you.\n",
     "P24M"),
    ("Cookies\ncart, unique token, persistent for 2 weeks, Stores the contents of your cart.\n",
     "P2W"),
    ("Cookies\n_shopify_visit, Persistent for 30 minutes from the last visit.\n", "PT30M"),
    # machine-translated wording from a seed
    ("Conservation of data\nThe data are conserved for a duration of 5 years from your last "
     "interaction with us.\n", "P5Y"),
])
def test_retention_durations(text: str, iso: str) -> None:
    ents = run(text)
    assert iso in [e.attrs["duration"] for e in ents["retention"]]


def test_retention_open_ended() -> None:
    ents = run("Retention\nWe keep your account data for as long as you maintain an active "
               "account, and other data until you ask us to delete it.\n")
    durations = [e.attrs["duration"] for e in ents["retention"]]
    assert durations and all(d is None for d in durations)
    assert len(durations) == 2


@pytest.mark.parametrize("text", [
    "Cookies\n_ga | Google Analytics | 13 months\n",
    "Cookies\nCookie name\nPublisher\nStorage time\nPHPSESSID\nMagento\n1 hour\n",
    "Cookies we use\n_gid\tGoogle\tStatistics\t24 hours\n",
])
def test_cookie_table_lifetime_is_not_retention(text: str) -> None:
    """A cookie's lifetime in a cookie table is no data retention period (issue #3)."""
    assert run(text)["retention"] == []


@pytest.mark.parametrize("text, iso", [
    # round 4: prose about keeping data, with wording from dev and mining policies
    ("Invoices\nInvoices will be saved for up to 10 years.\n", "P10Y"),
    ("Product data\nAfter the uninstallation, we will continue to process your Product Data for "
     "statistical purposes for up to six years.\n", "P6Y"),
    ("Cookies\nThe essential cookies are stored from the respective session up to one year.\n",
     "P1Y"),
    # round 5: a number in words in parentheses, business days
    ("Account\nWe will delete your data after the grace period of 45 (forty-five) calendar days "
     "expires.\n", "P45D"),
    ("Logs\nTechnical logs are deleted normally within 45 (forty-five) days after their "
     "creation.\n", "P45D"),
    ("Backups\nBackups are erased after 10 business days.\n", "P10D"),
])
def test_retention_durations_round4(text: str, iso: str) -> None:
    assert iso in [e.attrs["duration"] for e in run(text)["retention"]]


@pytest.mark.parametrize("text, span", [
    ("Retention\nWe keep it for as long as you continue to be an ASOS customer.\n",
     "as long as you continue to be an ASOS customer"),
    ("Retention\nWe retain it for as long as we are required to keep it by law.\n",
     "as long as we are required to keep it"),
    ("Account\nWe store your data until you send a deletion request.\n",
     "until you send a deletion request"),
    ("Support\nCopies of correspondence may be kept for a limited period of time after completing "
     "your query.\n", "a limited period of time"),
    ("Children\nWe delete the information from our records once it is no longer required.\n",
     "once it is no longer required"),
    ("Retention\nWe keep it for as long as is reasonably necessary in relation to the purposes.\n",
     "as long as is reasonably necessary"),
    ("Usage data\nUsage Data is generally retained for a shorter period of time.\n",
     "a shorter period of time"),
    ("Deletion\nDeleted data may remain in back-up storage whenever we are required to do so by "
     "law.\n", "whenever we are required to do so by law"),
    # round 5: need, statute of limitations, legal obligations, insofar, until no longer needed
    ("How long we keep your information\nWe keep your information only so long as we need it to "
     "provide the service to you.\n", "so long as we need it"),
    ("Retention\nWe will further store the data for the defence of legal claims during the "
     "applicable statute of limitations.\n", "during the applicable statute of limitations"),
    ("Retention\nWe also retain some of your information as necessary to comply with our legal "
     "obligations, to resolve disputes.\n", "as necessary to comply with our legal obligations"),
    ("Data\nWe only store it insofar that it is necessary to deliver these services.\n",
     "insofar that it is necessary"),
    ("Retention\nWe keep your records until it is no longer needed for tax purposes.\n",
     "until it is no longer needed"),
    ("Retention\nWe store your details while you are a registered user of the app.\n",
     "while you are a registered user"),
    # "maintain" data is keeping it
    ("Security\nWe maintain information about you in our business records while you are a user."
     "\n", "while you are a user"),
    ("Account\nPlease note that we will maintain User Information in our database whenever we are"
     " required to do so by law.\n", "whenever we are required to do so by law"),
])
def test_retention_open_ended_round4(text: str, span: str) -> None:
    ents = run(text)["retention"]
    assert any(span in e.text and e.attrs["duration"] is None for e in ents), ents


@pytest.mark.parametrize("text", [
    # a deletion request processed within 30 days is a response time
    "Account\nThe deletion request will be processed within 30 days at the latest.\n",
    # a notice period for policy changes
    "Changes\nIf you continue to use the Website thirty days after a notice is posted, the data "
    "is held under the new terms.\n",
])
def test_not_retention_round4(text: str) -> None:
    assert [e.attrs["duration"] for e in run(text)["retention"] if e.attrs["duration"]] == []


@pytest.mark.parametrize("text", [
    # round 5: no data kept: a disclosure as required by law, a 'while' of time
    "Sharing\nWe may disclose your information as required to comply with a subpoena.\n",
    "Support\nWhile you are a user, you can contact us at any time.\n",
    # maintaining safeguards is no keeping of data
    "Security\nWe maintain safeguards while you are a user of the app.\n",
])
def test_no_open_ended_retention(text: str) -> None:
    assert run(text)["retention"] == []


@pytest.mark.parametrize("text", [
    "Your rights\nWe will answer your request within one (1) month of receipt.\n",
    "Your rights\nWe will respond to your request within one month.\n",
    "California\nTo make a request, send an e-mail. Please allow one month for a response.\n",
    "Your rights\nUnder the law, we have one month in which to respond to you.\n",
])
def test_response_time_is_not_retention(text: str) -> None:
    ents = run(text)
    assert ents["retention"] == []
    assert [e.attrs["duration"] for e in ents["response_time"]] == ["P1M"]


@pytest.mark.parametrize("text", [
    "Contact\nCall us on +33 1 23 45 67 89 or write to privacy@example.com.\n",
    "Retention\nWe keep data. Phone: 0800 123 4567.\n",
    "Retention\nYou must be 18 years old to buy wine; we have 20 years of experience.\n",
])
def test_no_duration_in_phones_or_ages(text: str) -> None:
    assert run(text)["retention"] == []


@pytest.mark.parametrize("text, age", [
    ("Children\nOur services are not directed to children under the age of 16.\n", 16),
    ("Minors\nYou must be aged at least fifteen (15) years to register.\n", 15),
    ("Children\nWe do not knowingly collect data from children under 13.\n", 13),
    ("Account\nYou must be 16 years or older to use our Services.\n", 16),
    ("Minors\nThe minors of less than 15 years old can not open account without parents.\n", 15),
])
def test_ages(text: str, age: int) -> None:
    values = [e.attrs["value"] for e in run(text)["age_thresholds"]]
    assert values == [age] and all(isinstance(v, int) for v in values)


def test_street_number_is_not_an_age() -> None:
    text = "Contact\nWrite to us at 16 rue de la Paix, 75002 Paris, for any question.\n"
    assert run(text)["age_thresholds"] == []


@pytest.mark.parametrize("text, country", [
    ("Complaints\nYou may lodge a complaint with the CNIL.\n", "FR"),
    ("Complaints\nYou can complain to the Information Commissioner's Office.\n", "GB"),
    ("Complaints\nYou may contact the Berlin Data Protection Authority.\n", "DE"),
    ("Complaints\nYou may complain to the regulatory authority in your country.\n", None),
])
def test_authorities(text: str, country: str | None) -> None:
    assert [e.attrs["country"] for e in run(text)["authorities"]] == [country]


@pytest.mark.parametrize("text, kind, value", [
    ("Contact\nWrite to privacy@example.com for anything.\n", "email", "privacy@example.com"),
    ("Contact\nCall +33 1 23 45 67 89 on weekdays.\n", "phone", "+33 1 23 45 67 89"),
    ("Contact\nUse the contact form on our website.\n", "form", "contact form"),
    # round 6: an international number without spaces, a numbered street, a plaza
    ("Contact\nSend an email to privacy@my-town.com or call +9725255559684 and we respond.\n",
     "phone", "+9725255559684"),
    ("Mail\nWalmart Corporate\nPrivacy Office, MS 0160\n702 SW 8th Street\nBentonville\n",
     "postal", "702 SW 8th Street"),
    ("Contact\nWrite to Chief Privacy Officer, 100 Universal City Plaza, Universal City.\n",
     "postal", "100 Universal City Plaza, Universal City"),
])
def test_contacts(text: str, kind: str, value: str) -> None:
    assert (kind, value) in [(e.attrs["kind"], e.text) for e in run(text)["contacts"]]


@pytest.mark.parametrize("text, value", [
    # a processor's address given with its name, not a contact of the controller
    ("Analytics\nWe use Mixpanel, a service offered by Mixpanel Inc. (Mixpanel), 405 Howard "
     "Street, San Francisco, CA 94105, USA to collect technical data.\n", "405 Howard"),
    ("Identity\nWe use Onfido, 3 Finsbury Avenue, London EC2M 2PA, UK to verify your "
     "identity.\n", "3 Finsbury"),
])
def test_processor_address_is_no_contact(text: str, value: str) -> None:
    assert not [e for e in run(text)["contacts"] if value in e.text]


@pytest.mark.parametrize("text, value", [
    ("About\nWe, MindDoc Health GmbH, Leopoldstraße 159, 80804 München, Germany collect data.\n",
     "80804 München"),
    ("Contact\nPlease write to Acme Inc., 12 Main Street, Springfield, for any question.\n",
     "12 Main Street"),
])
def test_own_address_stays_a_contact(text: str, value: str) -> None:
    assert [e for e in run(text)["contacts"] if value in e.text]


@pytest.mark.parametrize("text, kind, value", [
    # round 5: North American numbers without +1
    ("Contact\nYou can contact us at 1-877-299-8366, and speak with a Customer Care agent.\n",
     "phone", "1-877-299-8366"),
    ("Contact\ninfo@lodgemfg.com\n\n423.837.7181\n\nLast Edited on 10/2014\n", "phone",
     "423.837.7181"),
    ("Contact\nCall 1 (888) 335-9632 from 8am to 5pm.\n", "phone", "1 (888) 335-9632"),
])
def test_contacts_round5(text: str, kind: str, value: str) -> None:
    assert (kind, value) in [(e.attrs["kind"], e.text) for e in run(text)["contacts"]]


@pytest.mark.parametrize("text, bad", [
    # an example address; a postcode whose "city" is the next line's first word
    ("Accounts\nIf you use an email address assigned by an organization, such as "
     "yourname@youremployer.com, that organization can find your account.\n",
     "yourname@youremployer.com"),
    ("Contact\nMilitary Advantage, Inc.\n\n799 Market Street\n\nSan Francisco, CA 94103\n\n"
     "Thank you for using Military.com.\n", "94103\n\nThank"),
    # dates, order and version numbers are no phones
    ("Changes\nThis policy replaces version 2019-05-25 of order 123-456-789.\n", "123-456-789"),
])
def test_no_contact(text: str, bad: str) -> None:
    assert bad not in [e.text for e in run(text)["contacts"]]


@pytest.mark.parametrize("text, iso", [
    ("Privacy Policy\nLast modified on 05/28/18\n", "2018-05-28"),
    ("Privacy Policy\nLast updated on 28/05/2018\n", "2018-05-28"),
    ("Privacy Policy\nThe last change was made on 3 April 2020.\n", "2020-04-03"),
    ("Privacy Policy 05/2020\nWe care about privacy.\n", "2020-05"),
    ("Privacy Policy\nLast Updated: January 1, 2020\n", "2020-01-01"),
    # round 4: glued headings, bare "Updated", versions, weekdays, short dates
    ("Log inSign up Privacy PolicyLast Modified: 2019-12-26 The original version is English.\n",
     "2019-12-26"),
    ("Customer service Privacy policyPrivacy Policy Updated April 14, 2020 We recently updated "
     "our Privacy Policy.\n", "2020-04-14"),
    ("Terms\nPrivacy Policy Version: 2019-03-27 Finderly GmbH, Vienna, Austria\n", "2019-03-27"),
    ("Contact\nsupport@zacks.com.\n\nUpdated 5/14\n", "2014-05"),
    ("Changes\nLast updated Sat, 31 Jul 2010 06:31\n", "2010-07-31"),
    ("Privacy\nThis Privacy Policy was last updated on 9.7.2020.Playing our games\n",
     "2020-07-09"),
    ("Privacy Policy for APOD App\n\nEffective Date: 02/09/2023\n", "2023-02-09"),
    ("Privacy Policy\nVersion: 05.2018 (EN-EU)\n", "2018-05"),
    # round 5: bare "Effective", title dates, revision/posted dates, dates alone on a line
    ("Privacy Policy Effective starting: January 1, 2020 (view archived versions)\n",
     "2020-01-01"),
    ("PayPal Privacy Statement Effective May 13, 2020 Overview\n", "2020-05-13"),
    ("reddit privacy policy\n\neffective Apr 14, 2015\n\nyour privacy\n", "2015-04-14"),
    ("Caribou Coffee Privacy Statement June 3, 2003\nWe respect your privacy.\n", "2003-06-03"),
    ("STATEMENT OF PRIVACY ( 12/23/2014, UNITED STATES ONLY)\n", "2014-12-23"),
    ("Privacy\nUpdated Date: 2019-3-18\n", "2019-03-18"),
    ("Privacy\nLast Updated, December 5, 2014 . To see what has changed click here.\n",
     "2014-12-05"),
    ("We have updated our Privacy Policy as of June 10, 2011. We encourage you to read it.\n",
     "2011-06-10"),
    ("Privacy\nLast Edited on 10/2014\n", "2014-10"),
    ("Privacy\nRevision Date: March 24th 2015\n", "2015-03-24"),
    ("Privacy Policy\nPosted: Tuesday, September 18, 2012 12:29 pm\n", "2012-09-18"),
    ("The Privacy Policy posted on this Site was updated on or about May 11, 2009.\n",
     "2009-05-11"),
    ("Privacy Policy Website EN As of: June 2020 Data Protection\n", "2020-06"),
    ("Privacy Policy\nEffective Date of Privacy Policy: February 9, 2015\n", "2015-02-09"),
    ("Wednesday, April 5, 2023\n\n## Privacy Policy\nWe built this app.\n", "2023-04-05"),
    ("Privacy\nWe care about your data.\n\nMay 12, 2014\n", "2014-05-12"),
    # an update date before an effective date
    ("Privacy\nThis Privacy Policy was last modified on May 4, 2020 and is effective as of May "
     "10, 2020.\n", "2020-05-04"),
    # several dates: the latest is the last update
    ("Changes\nEffective Date: October 1, 2004\n\nUpdated: April 25, 2008\n\nLast Updated: "
     "January 27, 2015\n", "2015-01-27"),
])
def test_last_updated(text: str, iso: str) -> None:
    assert [e.attrs["date"] for e in run(text)["last_updated"]][:1] == [iso]


@pytest.mark.parametrize("text", [
    "Contact\nCall us at 05/28 or on version 2.0 of the app.\n",
    "Contact\nPhone: 01.23.45.67.89\n",
    # a law's effective date, not the policy's
    "California: Effective January 1, 2020, the California Consumer Privacy Act gives rights.\n",
    "Section 22575(b) (as amended effective January 1, 2014) permits our customers to ask.\n",
    "Your California Privacy Rights\nEffective January 1, 2005, California Civil Code allows.\n",
    # changes posted on this page, no date; a date inside a first line of prose
    "Changes\nChanges are effective immediately after they are posted on this page.\n",
    "We founded the company on May 12, 2014 in Berlin.\nPrivacy\n",
])
def test_no_last_updated(text: str) -> None:
    assert run(text)["last_updated"] == []


def test_date_order_from_text() -> None:
    assert parse_date("03/04/2020", "We comply with the GDPR.") == "2020-04-03"
    assert parse_date("03/04/2020", "California residents (CCPA) may ...") == "2020-03-04"


@pytest.mark.parametrize("junk", [" " * 100_000, "1" * 100_000, "." * 100_000,
                                  "1. 2 . " * 15_000, "Ab " * 35_000])
def test_long_junk_lines_do_not_hang(junk: str) -> None:
    ents = run("x " + junk + " x")
    assert ents["retention"] == [] and ents["age_thresholds"] == []


def test_evaluator_matching() -> None:
    assert norm("THE MUSE / LVM.") == "the muse lvm"
    s = text_score(["DHL", "dhl", "Nope"], ["DHL", "FedEx"])
    assert (s.tp_pred, s.pred, s.tp_gold, s.gold) == (1, 2, 1, 2)
    s = text_score(["for a minimum period of 2 years from date of receipt of"],
                   ["a minimum period of 2 years from date of receipt of such Information"])
    assert s.tp_gold == 1
    v = value_score(["P3Y", "P3Y", "P1M"], ["P3Y", "P6M"], multiset=True)
    assert (v.tp_pred, v.pred, v.gold) == (1, 3, 2)


def _windowed() -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    """Every pattern scanned only around its keys, with the flags its recognizer uses."""
    from policy_audit.extract.patterns import compiled, compiled_list, raw

    out = [(("controllers", str(i)), rx) for i, rx in enumerate(compiled_list("controllers"))]
    out += [(("ages", str(i)), rx)
            for i, rx in enumerate(compiled_list("ages", flags=re.IGNORECASE))]
    out += [(("last_updated",), rx)  # one window set for all the patterns
            for rx in compiled_list("last_updated", flags=re.IGNORECASE)]
    out += [((name, str(i)), rx) for name in WINDOWED_LISTS
            for i, rx in enumerate(compiled_list(name))]
    for path, flags in WINDOWED_SINGLE:
        if raw()["windows"].get(path[0]) is not None:
            out.append((path, compiled(*path, flags=flags)))
    return out


WINDOWED_SINGLE: list[tuple[tuple[str, ...], int]] = [
    (("durations", "period"), re.IGNORECASE), (("durations", "open_ended"), re.IGNORECASE),
    (("authority_generic",), re.IGNORECASE),
    (("contacts", "email"), 0), (("contacts", "url_form"), re.IGNORECASE),
    (("recipient_categories",), re.IGNORECASE), (("recipient_purpose",), 0)]
WINDOWED_LISTS = ["recipient_prose"]
WINDOWED_SINGLE.append((("recipient_such_as",), 0))


@pytest.mark.parametrize("seed", sorted(Path("corpus/seeds").glob("*.txt")), ids=lambda p: p.name)
def test_windows_give_the_full_scan(seed: Path) -> None:
    """Scanning only around the literal keys finds exactly the full scan's matches."""
    from policy_audit.extract.authorities import _fast, _patterns
    from policy_audit.extract.parties import _gazetteer, _gazetteer_fast
    from policy_audit.extract.patterns import finditer

    doc = ingest.load(str(seed))
    for text in (doc.text, doc.text.replace("\n", " ")):
        ctx = Context(doc=replace(doc, text=text), sections=[], sentences=[])
        for path, rx in _windowed():
            full = [m.span() for m in rx.finditer(text)]
            assert [m.span() for m in finditer(ctx, rx, *path)] == full, path
        assert ([m.span() for m in _gazetteer_fast().finditer(text)]
                == [m.span() for m in _gazetteer()[0].finditer(text)])
        for slow, fast in zip(_patterns()[:2], _fast(), strict=True):
            assert [m.span() for m in fast.finditer(text)] == [
                m.span() for m in slow.finditer(text)]


def test_first_char_alternations_match_the_plain_ones() -> None:
    """Every gazetteer name and acronym in several cases and glued to several
    characters: the regrouped patterns find exactly what the plain ones find."""
    from policy_audit.extract.authorities import _fast, _patterns
    from policy_audit.extract.parties import _gazetteer, _gazetteer_fast
    from policy_audit.extract.patterns import gazetteer

    words = [w for a in gazetteer("authorities.yaml")
             for w in (a.get("acronyms") or []) + (a.get("names") or [])]
    words += list(_gazetteer()[1])
    text = " ".join(f"{pre}{f(w)}{post}" for w in words
                    for f in (str, str.lower, str.upper, str.title)
                    for pre, post in ((" ", " "), ("x", "."), (".", "@"), ("(", "s"), ("/", ")")))
    text += " KLM SALESFORCE ſendgrid"
    pairs = [*zip(_patterns()[:2], _fast(), strict=True), (_gazetteer()[0], _gazetteer_fast())]
    for slow, fast in pairs:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


@pytest.mark.parametrize(("sentence", "kinds"), [
    ("We share your data with payment service providers and with law enforcement "
     "agencies when required.", {"payment service providers": "business",
                                 "law enforcement agencies": "authority"}),
    ("We may disclose it to tax authorities and to our hosting providers.",
     {"tax authorities": "authority", "hosting providers": "business"}),
])
def test_recipient_categories_say_whether_they_are_public_bodies(sentence: str,
                                                                kinds: dict[str, str]) -> None:
    from policy_audit import audit

    found = {e.text: e.attrs.get("kind") for e in audit(sentence + "\n").entity_map.get(
        "recipient_categories", [])}
    assert found == kinds


@pytest.mark.parametrize("text, values", [
    # round 5: consent governing a data flow outside the sentences about legal bases
    ("Sharing\nWe will never share your personal data with a 3rd party without your prior "
     "consent.\n", ["consent"]),
    ("Disclosure\nWe disclose information to third parties if you consent to such disclosure.\n",
     ["consent"]),
    # consent moving no data is no basis
    ("Children\nIf you are under 18, get your parent's consent before going online.\n", []),
    ("Contact\nYou can reach us with your consent questions by email.\n", []),
])
def test_consent_basis_from_a_data_flow(text: str, values: list[str]) -> None:
    assert sorted({e.attrs["value"] for e in run(text)["legal_bases"]}) == values


@pytest.mark.parametrize("text, values", [
    # round 5: "appropriate safeguards" leading in to a named safeguard is that safeguard
    ("Transfers\nWhere we transfer information from the EEA, we'll only do so under appropriate "
     "safeguards, like standard contractual clauses.\n", ["standard_contractual_clauses"]),
    # without a named one, the generic phrase is 'other'
    ("Transfers\nWhen we transfer personal data outside of the EEA, we put appropriate safeguards "
     "in place.\n", ["other"]),
])
def test_generic_safeguard_before_a_named_one(text: str, values: list[str]) -> None:
    assert sorted({e.attrs["value"] for e in run(text)["transfer_safeguards"]}) == values


def test_gold_value_spellings_from_other_briefs_count_as_the_same_value() -> None:
    from policy_audit.evaluate.entities import _gold_values

    gold = [{"value": "legitimate_interests"}, {"value": "consent"}, {"value": "vital_interests"}]
    assert _gold_values("legal_bases", gold) == ["legitimate_interest", "consent",
                                                 "vital_interest"]
    assert _gold_values("transfer_safeguards", [{"value": "consent_derogation"},
                                                {"value": "derogation_art49"}]) == ["consent",
                                                                                    "other"]
