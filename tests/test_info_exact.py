

def test_repr_of_a_long_closed_form_is_its_value_and_size_while_str_keeps_it_whole():
    from commlb.info.exact import REPR_TERMS, Exact

    primes = [p for p in range(3, 200) if all(p % q for q in range(2, p))]  # log2(2) = 1
    x = sum((Exact.log2(p) for p in primes), Exact(0))
    assert len(primes) > REPR_TERMS
    assert repr(x).startswith("Exact(≈ ") and f"{len(primes)} log2 terms" in repr(x)
    assert len(repr(x)) < 100 and str(x).count("log2") == len(primes)
    assert repr(Exact.log2(3) - 1) == "Exact(-1 + log2(3))"
