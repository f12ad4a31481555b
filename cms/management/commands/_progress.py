"""A tqdm bar per long step of the backup and restore commands (on stderr)."""

from tqdm import tqdm


class StepProgress:
    def __init__(self, stream, enabled=True):
        self.stream, self.enabled, self.step, self.bar = stream, enabled, None, None

    def __call__(self, step, done, total):
        if not self.enabled:
            return
        if step != self.step:
            self.close()
            self.step = step
            self.bar = tqdm(desc=step, total=total, unit="", file=self.stream, leave=True, dynamic_ncols=True)
        if done is None:  # a tool's own progress line (pg_dump / pg_restore --verbose)
            self.bar.update(1)
            self.bar.set_postfix_str(str(total)[-60:], refresh=False)
        else:
            self.bar.total = total
            self.bar.n = done
            self.bar.refresh()

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None
