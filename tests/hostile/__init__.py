"""The hostile-input suite (issue 8): one module per kind of attack, each with the trial's own inputs."""
