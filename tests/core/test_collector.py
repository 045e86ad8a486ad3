import gc
import threading

from kam.core import collector


def test_paused_turns_the_collector_off_and_back_on():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_on_after_an_error():
    try:
        with collector.paused():
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()


def test_overlapping_blocks_keep_it_off_until_the_last_ends():
    first_in, second_done = threading.Event(), threading.Event()
    seen = []

    def other():
        first_in.wait()
        with collector.paused():
            pass
        seen.append(gc.isenabled())
        second_done.set()

    thread = threading.Thread(target=other)
    thread.start()
    with collector.paused():
        first_in.set()
        second_done.wait(5)
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_stays_off_when_it_was_off():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
