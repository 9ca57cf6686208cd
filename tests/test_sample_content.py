"""The first edition holds every prisoner and every section of its source material."""

from __future__ import annotations

from bookbuild.build import load_sources
from bookbuild.errors import Diagnostics
from conftest import ROOT, pdf_pages

# Everyone the source material names as a prisoner or a defendant.
PEOPLE = """
Aleksey Gorinov, Elena Kotenochkina, Andrei Balin, Alexei Gaskarov, Alexandra Dukhanina,
Nikita Oleynik, Roman Paklin, Deniz Aydin, Kirill Brik, Yuri Neznamov, Danil Chertykov,
Dmitry Pchelintsev, Ilya Shakursky, Andrey Chernov, Vasily Kuksov, Mikhail Kulkov, Maxim Ivankin,
Arman Sagynbaev, Viktor Filinkov, Julian Boyarshinov,
Aleksandr Snezhkov, Lyubov Lizunova, Vladislav Vishnevsky,
Darya Polyudova, Alyona Krylova, Igor Kuznetsov, Sergey Kirsanov,
Dmitry Chuvilin, Pavel Matisov, Rinat Burkeev, Yuri Efimov, Alexey Dmitriev,
Nikita Uvarov, Denis Mikhailenko, Bogdan Andreev,
Azat Miftakhov, Boris Kagarlitsky, Bogdan Yakimenko, Alexey Rozhkov, Ruslan Ushakov, Saveliy Frolov,
Gagik Grigoryan, Vladimir Timofeev, Felix Eliseev, Anton Orlov,
Yuri Mikheev, Matvey Melnikov, Timofey Melnikov, Maxim Smyshlyaev, Artur Panov, Artyom Samsonov,
Konstantin Pavlov, Leonid Bograteon, Pavel Krisevich, Sergey Udaltsov,
Nikita Lopatin, Sergey Krupenko, Anatoly Obukhov, Ivan Merezhnikov,
Garry Azaryan, Artyom Pronko, Stepan Timofeev, Alexei Sidorov, Artyom Borodin
"""

# The manuscript's sections, each covered by a chapter.
SECTIONS = """
introduction antifascist-myth behind-barbed-wire why-it-matters voices-from-behind-bars
tyumen-case network-case chita-case left-resistance-case ufa-marxist-group kansk-teenagers
azat-miftakhov boris-kagarlitsky antifa-united-case alexey-rozhkov ruslan-ushakov saveliy-frolov
gagik-grigoryan vladimir-timofeev felix-eliseev anton-orlov yuri-mikheev maxim-smyshlyaev
artyom-samsonov konstantin-pavlov leonid-bograteon pavel-krisevich sergey-udaltsov
nikita-lopatin sergey-krupenko anatoly-obukhov ivan-merezhnikov workers-power-case artyom-borodin
anti-war-statements bolotnaya-case how-to-help writing-to-prisoners conclusion
""".split()


def test_every_person_of_the_sources_has_a_profile():
    book = load_sources(ROOT, Diagnostics())
    names = {profile.name.value for profile in book.profiles()}
    expected = {name.strip() for name in PEOPLE.replace("\n", " ").split(",")}
    assert expected <= names, sorted(expected - names)
    assert len(book.profiles()) >= 45


def test_every_section_of_the_manuscript_is_a_chapter():
    book = load_sources(ROOT, Diagnostics())
    chapters = {entry.chapter.id for entry in book.entries()}
    assert set(SECTIONS) <= chapters, sorted(set(SECTIONS) - chapters)


def test_facts_reach_the_printed_page(sample_build):
    text = " ".join(" ".join(pdf_pages(sample_build / "en" / "unheard-voices-print.pdf")).split())
    assert "7 years in a general-regime penal colony" in text
    assert "445023, Самарская обл., г. Тольятти" in text
    assert "Letters must be written in Russian." in text
    assert "Балину Андрею Альбертовичу, 1974 г. р." in text
