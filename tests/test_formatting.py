from evaluation import formatting as fmt


def test_half_up_not_half_even():
    assert fmt.percent(0.625) == "63\u00a0%"
    assert fmt.number(2.5) == "3"
    assert fmt.number(0.5) == "1"


def test_german_separators():
    assert fmt.percent(12 / 22, 1) == "54,5\u00a0%"
    assert fmt.number(1234567.891, 2) == "1.234.567,89"


def test_date():
    assert fmt.date("2022-03-31") == "31.03.2022"
