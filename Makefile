# The lab's original interface; Bazel does the building.
#   make all                 build everything
#   make run [GUEST=path]    run the supervisor (default: the Lab 1 guest)
#   make test                run every test
GUEST ?=

.PHONY: all run test clean
all:
	bazel build //...
run:
	bazel run //supervisor -- $(GUEST)
test:
	./tools/bootstrap test
clean:
	bazel clean
