# freshet_generate_model(TARGET <lib> SERVICE <botocore dir> NAMESPACE <ns> OPERATIONS <file>
#                        OUT <module/name> [DATA_DIR <botocore data directory>])
# Runs tools/gen_model.py on botocore's newest model of SERVICE for the operations listed in
# OPERATIONS, and adds the generated source to TARGET. The header is <module/name>.gen.h.
# DATA_DIR (default FRESHET_BOTOCORE_DATA) picks another packaged copy of botocore's data, for
# a service whose Debian python3-botocore model is too old.
function(freshet_generate_model)
    cmake_parse_arguments(G "" "TARGET;SERVICE;NAMESPACE;OPERATIONS;OUT;DATA_DIR" "" ${ARGN})
    if(NOT G_DATA_DIR)
        set(G_DATA_DIR "${FRESHET_BOTOCORE_DATA}")
    endif()
    file(GLOB versions LIST_DIRECTORIES true "${G_DATA_DIR}/${G_SERVICE}/*")
    list(SORT versions)
    list(GET versions -1 newest)
    set(model "${newest}/service-2.json")
    if(NOT EXISTS "${model}")
        set(model "${newest}/service-2.json.gz")
    endif()
    if(NOT EXISTS "${model}")
        message(FATAL_ERROR "botocore model not found: ${model} (install python3-botocore)")
    endif()
    set(out_base "${CMAKE_BINARY_DIR}/gen/${G_OUT}")
    add_custom_command(
        OUTPUT "${out_base}.gen.h" "${out_base}.gen.cc"
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/gen_model.py
                "${model}" "${G_OPERATIONS}" ${G_NAMESPACE} "${out_base}"
        DEPENDS ${CMAKE_SOURCE_DIR}/tools/gen_model.py "${model}" "${G_OPERATIONS}"
        COMMENT "Generating ${G_OUT} from ${G_SERVICE}'s botocore model"
        VERBATIM)
    target_sources(${G_TARGET} PRIVATE "${out_base}.gen.cc" "${out_base}.gen.h")
endfunction()
