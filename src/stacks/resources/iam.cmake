# The IAM providers and custom resources (owned by the IAM-providers work).
target_sources(freshet_stacks_resources PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/iam_support.cc
    ${CMAKE_CURRENT_LIST_DIR}/iam_role.cc
    ${CMAKE_CURRENT_LIST_DIR}/iam_policy.cc
    ${CMAKE_CURRENT_LIST_DIR}/iam_managed_policy.cc
    ${CMAKE_CURRENT_LIST_DIR}/iam_user.cc
    ${CMAKE_CURRENT_LIST_DIR}/iam_group.cc
    ${CMAKE_CURRENT_LIST_DIR}/iam_access_key.cc
    ${CMAKE_CURRENT_LIST_DIR}/custom_resource.cc
)
# custom_resource.cc logs a failed cleanup Delete, as CloudFormation's events would show it.
target_link_libraries(freshet_stacks_resources PRIVATE spdlog::spdlog)

if(NOT FRESHET_UNIT_ONLY)
    # Runs a real server in-process; the custom-resource tests run a Python function, from the
    # runtimes/ of the source tree (FRESHET_HOME).
    freshet_add_test(stacks_resources_iam_test
        SOURCES ${CMAKE_CURRENT_LIST_DIR}/../tests/resources_iam_test.cc
                ${CMAKE_CURRENT_LIST_DIR}/../tests/resources_harness.cc
        LIBS freshet_stacks_resources freshet_app)
    target_compile_definitions(stacks_resources_iam_test PRIVATE
        FRESHET_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
endif()
