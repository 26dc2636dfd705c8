#!/bin/sh
# Image build: packages must not start their services (exit 101 = action forbidden, see invoke-rc.d(8)).
exit 101
